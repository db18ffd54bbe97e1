using System.Buffers;
using System.Net.Sockets;
using Babelwire.Agent.Configuration;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// The receive task: takes each datagram off the socket, drops what Babel must not see (counted), copies the rest
/// into a pooled buffer and hands it to the engine loop.
/// </summary>
internal sealed class DatagramReceiver(IBabelTransport transport, AgentInbox inbox, HostCounters counters, ReadyInterfaces ready, ILogger logger)
{
    /// <summary>Larger than any UDP datagram, so nothing is truncated.</summary>
    private const int ReceiveBufferSize = 65536;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[ReceiveBufferSize];
        while (!cancellationToken.IsCancellationRequested)
        {
            TransportDatagram datagram;
            try
            {
                datagram = await transport.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                counters.ReceiveError();
                Log.ReceiveFailed(logger, e.SocketErrorCode);
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            counters.Received(datagram.Length);
            // babeld accepts only sources in fe80::/64 (docs/babel-notes.md §2); a remote peer must not flood the log, so Debug.
            if (!AgentOptionsValidator.IsLinkLocal64(datagram.Source))
            {
                counters.DroppedForSource();
                Log.DatagramDropped(logger, datagram.Source, datagram.InterfaceIndex, "source not in fe80::/64");
                continue;
            }
            if (!ready.TryGetName(datagram.InterfaceIndex, out var name))
            {
                counters.DroppedForInterface();
                Log.DatagramDropped(logger, datagram.Source, datagram.InterfaceIndex, "interface not configured or not ready");
                continue;
            }
            var copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
            buffer.AsSpan(0, datagram.Length).CopyTo(copy);
            try
            {
                await inbox.Writer.WriteAsync(new DatagramInput(name, datagram.Source, copy, datagram.Length), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ArrayPool<byte>.Shared.Return(copy);
                return;
            }
        }
    }
}
