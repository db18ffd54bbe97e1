using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Netlink;

/// <summary>Route operations over rtnetlink, many requests per sendmsg.</summary>
internal sealed class RtnetlinkRouteKernel(NetlinkSocket socket, byte protocol) : IRouteKernel
{
    /// <summary>
    /// Bytes of requests per sendmsg: about 500 route messages. Well under the socket's send buffer (a larger send is
    /// EMSGSIZE) and the acks of one batch (36 octets each with NETLINK_CAP_ACK) fit the receive buffer easily.
    /// </summary>
    public const int MaxBatchBytes = 32 << 10;

    /// <summary>The kernel charges each queued ack a whole socket buffer (about 1 KiB), not its 36 octets.</summary>
    private const int ReceiveBufferBytesPerAck = 2048;

    private const int MaxDumpAttempts = 5;

    /// <summary>So that the acks of one batch always fit the receive buffer (ENOBUFS would lose them).</summary>
    private readonly int _maxMessagesPerBatch = Math.Max(16, socket.ReceiveBufferSize / ReceiveBufferBytesPerAck);

    public static RtnetlinkRouteKernel Open(ILogger logger, byte protocol, string? networkNamespacePath) =>
        new(NetlinkSocket.Open(logger, networkNamespacePath), protocol);

    public async Task<IReadOnlyList<KernelRoute>> ReadOwnedAsync(CancellationToken cancellationToken)
    {
        var routes = new List<KernelRoute>();
        foreach (var family in (AddressFamily[])[AddressFamily.InterNetworkV6, AddressFamily.InterNetwork])
        {
            for (var attempt = 1; ; attempt++)
            {
                var found = new List<KernelRoute>();
                var request = new NetlinkWriter(64);
                RouteMessage.WriteDump(request, socket.NextSequence(), family, protocol);
                var consistent = await socket.RequestAsync(
                    request, $"dump {family} routes of protocol {protocol}",
                    (in NetlinkMessage message) =>
                    {
                        if (message.Header.Type == Rtnl.RtmNewRoute && RouteMessage.TryReadOwned(message.Payload, protocol, out var route))
                        {
                            found.Add(route);
                        }
                    },
                    cancellationToken);
                if (consistent || attempt == MaxDumpAttempts)
                {
                    routes.AddRange(found);
                    break;
                }
            }
        }

        return routes;
    }

    public async Task<IReadOnlyList<RouteOperationResult>> ApplyAsync(IReadOnlyList<RouteOperation> operations, CancellationToken cancellationToken)
    {
        var results = new List<RouteOperationResult>(operations.Count);
        var batch = new NetlinkWriter(MaxBatchBytes + 512);
        var start = 0;
        while (start < operations.Count)
        {
            batch.Clear();
            var end = start;
            while (end < operations.Count && batch.Length < MaxBatchBytes && end - start < _maxMessagesPerBatch)
            {
                var operation = operations[end++];
                var sequence = socket.NextSequence();
                switch (operation.Kind)
                {
                    case RouteOperationKind.Delete:
                        RouteMessage.WriteDelete(batch, sequence, operation.Route, protocol);
                        break;
                    default:
                        RouteMessage.WriteNew(batch, sequence, operation.Route, protocol, replace: operation.Kind == RouteOperationKind.Replace);
                        break;
                }
            }

            var acks = await socket.ExecuteAsync(batch, cancellationToken);
            for (var i = 0; i < acks.Length; i++)
            {
                results.Add(new RouteOperationResult(operations[start + i], acks[i].Errno, acks[i].KernelMessage));
            }

            start = end;
        }

        return results;
    }

    public void Dispose() => socket.Dispose();
}
