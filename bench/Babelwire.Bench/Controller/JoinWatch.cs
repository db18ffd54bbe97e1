using System.Diagnostics;

namespace Babelwire.Bench.Controller;

/// <summary>Waits for every connected agent to receive a PeerSetChanged that carries one public key.</summary>
internal sealed class JoinWatch(string publicKey, int expected)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long[] _receivedAt = new long[expected];
    private int _received;

    public string PublicKey { get; } = publicKey;

    public int Received => Volatile.Read(ref _received);

    public Task All => _all.Task;

    public void Arrived()
    {
        var now = Stopwatch.GetTimestamp();
        var slot = Interlocked.Increment(ref _received) - 1;
        if (slot < _receivedAt.Length)
        {
            _receivedAt[slot] = now;
        }
        if (slot + 1 == _receivedAt.Length)
        {
            _all.TrySetResult();
        }
    }

    /// <summary>Milliseconds from <paramref name="start"/> to each arrival so far.</summary>
    public IEnumerable<double> DelaysSince(long start) =>
        _receivedAt.Take(Math.Min(Received, _receivedAt.Length)).Select(t => Stopwatch.GetElapsedTime(start, t).TotalMilliseconds);
}
