using System.Net;
using Babelwire.Controller.Data.Model;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// The events one report causes, all stamped with the same instant. Volume is bounded twice: route events only for
/// host routes inside the mesh's overlay prefixes (another node's /128 or /32, not every prefix an agent may carry),
/// and every event kind through the node's token bucket; what the bucket refuses is counted, not recorded.
/// </summary>
internal sealed class EventContext(DateTimeOffset now, long timestamp, TimeProvider time, TopologyOptions options, CurrentMeshSettings settings, TopologyMetrics metrics)
{
    public DateTimeOffset Now { get; } = now;

    public List<MeshEvent> Events { get; } = [];

    public bool IsTrackedRoute(string prefix)
    {
        if (!IPNetwork.TryParse(prefix, out var network))
        {
            return false;
        }
        var mesh = settings.Value;
        return network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? network.PrefixLength == 128 && mesh.OverlayIPv6Prefix.Contains(network.BaseAddress)
            : network.PrefixLength == 32 && mesh.OverlayIPv4Prefix.Contains(network.BaseAddress);
    }

    public void Add(NodeTopology node, string kind, Guid? peerNodeId, string? prefix, string message)
    {
        if (!node.TryTakeEventToken(timestamp, time, options.EventBurstPerNode, options.EventRefillInterval))
        {
            metrics.EventSuppressed(kind);
            return;
        }
        Events.Add(new MeshEvent { At = Now, Kind = kind, NodeId = node.Id, PeerNodeId = peerNodeId, Prefix = prefix, Message = message });
    }
}
