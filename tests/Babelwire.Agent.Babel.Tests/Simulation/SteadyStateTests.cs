using static Babelwire.Agent.Babel.Tests.Simulation.SimulationTestSupport;

namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class SteadyStateTests
{
    /// <summary>
    /// Once converged nothing changes, so each neighbour should receive about one Hello and one IHU per Hello interval
    /// and one full dump per update interval (RFC 8966 §3.4, §3.7.1). Allow twice that: more means an update or request storm.
    /// </summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, 81)]
    [InlineData(LinkStyle.WireGuard, 82)]
    public void A_converged_network_sends_only_its_periodic_traffic(LinkStyle style, int seed)
    {
        var sim = new Simulator(Topology.Grid(5, 5), new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        sim.RunFor(2 * sim.Options.UpdateInterval);
        var delivered = sim.DatagramsDelivered;
        var changes = sim.Nodes.Sum(n => n.Changes.Count);
        var requests = sim.SeqnoRequests.Count;
        var window = 10 * sim.Options.UpdateInterval;

        sim.RunFor(window);

        var adjacencies = sim.Links.Sum(l => l.Members.Count * (l.Members.Count - 1));
        var hellosPerUpdate = sim.Options.UpdateInterval / sim.Options.HelloInterval;
        var dumpDatagrams = Math.Ceiling(sim.Nodes.Count * 2 * 28.0 / (1420 - 48)); // ~28 octets per Update with its Router-Id
        var expectedPerAdjacency = (2 * hellosPerUpdate + dumpDatagrams) * (window / sim.Options.UpdateInterval);
        var perAdjacency = (double)(sim.DatagramsDelivered - delivered) / adjacencies;
        Log($"{sim.Summary()}; {perAdjacency:F1} datagrams per neighbour in {window.TotalSeconds}s (periodic estimate {expectedPerAdjacency:F1})");
        Assert.True(perAdjacency <= 2 * expectedPerAdjacency, sim.Context($"{perAdjacency:F1} datagrams per neighbour, more than twice the periodic {expectedPerAdjacency:F1}"));
        Assert.True(perAdjacency >= 0.25 * expectedPerAdjacency, sim.Context($"{perAdjacency:F1} datagrams per neighbour: the periodic traffic is missing"));
        Assert.Equal(changes, sim.Nodes.Sum(n => n.Changes.Count));
        Assert.Equal(requests, sim.SeqnoRequests.Count);
        Assert.Empty(sim.ConvergenceMismatches(5));
        AssertNoViolations(sim);
    }
}
