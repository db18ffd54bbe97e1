using Babelwire.Agent.Status;
using Babelwire.Shared.State;

namespace Babelwire.Agent.ControlPlane;

/// <summary>A full status report in the controller's shape: neighbours, selected routes, WireGuard peer statistics.</summary>
public static class AgentStateMapper
{
    public static AgentStateDto FromStatus(StatusReport report, string agentVersion)
    {
        ArgumentNullException.ThrowIfNull(report);
        var neighbours = report.Neighbours ?? [];
        var peerOf = neighbours.Where(n => n.PublicKey is not null)
            .GroupBy(n => (n.Interface, n.Address)).ToDictionary(g => g.Key, g => g.First().PublicKey);
        var routes = new Dictionary<string, RouteStateDto>(StringComparer.Ordinal);
        foreach (var r in report.Routes ?? [])
        {
            if (!r.Selected)
                continue;
            routes.TryAdd(r.Prefix, new RouteStateDto(
                r.Prefix, r.Metric, r.Source, r.NextHop, peerOf.GetValueOrDefault((r.Interface, r.NextHop)), r.Programmed == true));
        }
        return new AgentStateDto(
            0,
            agentVersion,
            [.. neighbours.DistinctBy(n => n.Address).Select(n => new NeighbourStateDto(n.Address, n.PublicKey, n.Interface, n.Cost, n.RxCost, n.TxCost, n.RttMs))],
            [.. routes.Values],
            [.. (report.WireGuard?.Peers ?? []).Select(p => new PeerStatsDto(p.PublicKey, p.Endpoint, p.LastHandshake, p.RxBytes, p.TxBytes))]);
    }
}
