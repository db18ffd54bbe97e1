namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>One link between routers: two members for a point-to-point link, more for a shared (multicast) segment.</summary>
/// <param name="Cost">The nominal link cost every member's interface uses on this link, so cost is symmetric.</param>
public sealed record LinkSpec(int[] Members, ushort Cost = Topology.DefaultCost);
