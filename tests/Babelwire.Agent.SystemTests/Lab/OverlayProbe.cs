using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>Bounded reachability probes between lab namespaces: ping (IPv6 or IPv4) and a checked TCP transfer.</summary>
public static class OverlayProbe
{
    /// <summary>
    /// <c>ping</c> from <paramref name="from"/>: <paramref name="count"/> echoes 200 ms apart, each answered within 1 s,
    /// the whole run within <paramref name="deadline"/> (default 3 s). Succeeds if any echo is answered.
    /// </summary>
    public static Task<ProcessResult> PingAsync(
        NetNamespace from, IPAddress to, CancellationToken cancellationToken, int count = 3, TimeSpan? deadline = null, IPAddress? source = null)
    {
        var seconds = (int)Math.Ceiling((deadline ?? TimeSpan.FromSeconds(3)).TotalSeconds);
        List<string> arguments = ["-n", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.2", "-W", "1", "-w", seconds.ToString(CultureInfo.InvariantCulture)];
        if (source is not null)
        {
            arguments.AddRange(["-I", source.ToString()]);
        }

        arguments.Add(to.ToString());
        return NetworkLab.ExecAsync(from, "ping", arguments, cancellationToken, TimeSpan.FromSeconds(seconds + 5));
    }

    /// <summary>Pings until one echo comes back, at most <paramref name="timeout"/>; throws with the last output otherwise.</summary>
    public static Task<ProcessResult> WaitForPingAsync(
        NetNamespace from, IPAddress to, TimeSpan timeout, CancellationToken cancellationToken, Func<string>? diagnostics = null) =>
        Poll.UntilAsync(
            $"ping {to} from {from}", ct => PingAsync(from, to, ct, count: 1, deadline: TimeSpan.FromSeconds(1)), r => r.Succeeded,
            timeout, TimeSpan.FromMilliseconds(200), cancellationToken, diagnostics);

    /// <summary>
    /// Sends <paramref name="bytes"/> random octets over TCP from <paramref name="from"/> to a listener in
    /// <paramref name="to"/> on <paramref name="toAddress"/>, and checks that exactly those octets arrived (SHA-256),
    /// all within <paramref name="timeout"/>. Both sockets are made inside their namespaces (<see cref="NamespaceSockets"/>).
    /// </summary>
    public static async Task<TransferResult> TcpTransferAsync(
        NetNamespace from, NetNamespace to, IPAddress toAddress, int bytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var payload = RandomNumberGenerator.GetBytes(bytes);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var started = TimeProvider.System.GetTimestamp();

        using var listener = NamespaceSockets.Create(to, toAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(toAddress, 0));
        listener.Listen(1);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;

        var receive = ReceiveAllAsync(listener, limit.Token);
        using (var sender = NamespaceSockets.Create(from, toAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await sender.ConnectAsync(endpoint, limit.Token);
                await sender.SendAsync(payload, limit.Token);
                sender.Shutdown(SocketShutdown.Send);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"TCP from {from} to {endpoint} in {to}: no connection or not all sent within {timeout}");
            }
        }

        byte[] received;
        try
        {
            received = await receive;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"TCP from {from} to {endpoint} in {to}: not all {bytes} octets arrived within {timeout}");
        }

        return new TransferResult(
            received.Length, TimeProvider.System.GetElapsedTime(started), SHA256.HashData(received).AsSpan().SequenceEqual(SHA256.HashData(payload)));
    }

    private static async Task<byte[]> ReceiveAllAsync(Socket listener, CancellationToken cancellationToken)
    {
        using var connection = await listener.AcceptAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (await connection.ReceiveAsync(chunk, cancellationToken) is var n and > 0)
        {
            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    public sealed record TransferResult(int Bytes, TimeSpan Elapsed, bool Intact);
}
