using System.Collections.Concurrent;

namespace Babelwire.Bench.Controller;

/// <summary>What the simulated agents counted, shared by all of them.</summary>
internal sealed class FleetCounters
{
    private long _deltasSent;
    private long _deltaErrors;
    private long _resyncsRequested;
    private long _reconnecting;
    private long _closed;
    private long _peerSetGaps;
    private long _revoked;

    public long DeltasSent => Interlocked.Read(ref _deltasSent);

    public long DeltaErrors => Interlocked.Read(ref _deltaErrors);

    public long ResyncsRequested => Interlocked.Read(ref _resyncsRequested);

    public long Reconnecting => Interlocked.Read(ref _reconnecting);

    public long Closed => Interlocked.Read(ref _closed);

    public long PeerSetGaps => Interlocked.Read(ref _peerSetGaps);

    public long Revoked => Interlocked.Read(ref _revoked);

    /// <summary>Round trips (send to ack) of deltas, in milliseconds, while <see cref="Recording"/> is on.</summary>
    public ConcurrentQueue<double> AckMilliseconds { get; } = new();

    public volatile bool Recording;

    public void DeltaSent(double ackMilliseconds)
    {
        Interlocked.Increment(ref _deltasSent);
        if (Recording)
        {
            AckMilliseconds.Enqueue(ackMilliseconds);
        }
    }

    public void DeltaFailed() => Interlocked.Increment(ref _deltaErrors);

    public void ResyncRequested() => Interlocked.Increment(ref _resyncsRequested);

    public void ConnectionLost() => Interlocked.Increment(ref _reconnecting);

    public void ConnectionClosed() => Interlocked.Increment(ref _closed);

    public void PeerSetGap() => Interlocked.Increment(ref _peerSetGaps);

    public void NodeRevoked() => Interlocked.Increment(ref _revoked);
}
