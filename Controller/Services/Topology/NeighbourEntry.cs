using Babelwire.Shared.State;

namespace Babelwire.Controller.Services.Topology;

/// <summary>A neighbour as reported, with the node behind its WireGuard peer; <paramref name="ReportedAt"/> is when it last changed.</summary>
internal sealed record NeighbourEntry(NeighbourStateDto Reported, Guid? NodeId, DateTimeOffset ReportedAt)
{
    public bool Up => Reported.Cost < AgentStateValidator.Infinity;

    public bool SameAs(NeighbourEntry other) => Reported == other.Reported && NodeId == other.NodeId;
}
