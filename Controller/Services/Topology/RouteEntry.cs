using Babelwire.Shared.State;

namespace Babelwire.Controller.Services.Topology;

/// <summary>A selected route as reported, with the node behind its next hop; <paramref name="UpdatedAt"/> is when it last changed.</summary>
internal sealed record RouteEntry(RouteStateDto Reported, Guid? NextHopNodeId, DateTimeOffset UpdatedAt)
{
    public bool SameAs(RouteEntry other) => Reported == other.Reported && NextHopNodeId == other.NextHopNodeId;
}
