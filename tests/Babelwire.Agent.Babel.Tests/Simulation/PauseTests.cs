namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class PauseTests
{
    /// <summary>
    /// One router freezes (a paused VM) while the rest reroute around it, then resumes with its stale table and
    /// timers. Its old advertisements must not be taken up in a way that loops (RFC 8966 §3.5.1 feasibility).
    /// </summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, 20, 111)]
    [InlineData(LinkStyle.Multicast, 45, 112)]
    [InlineData(LinkStyle.Multicast, 120, 113)]
    [InlineData(LinkStyle.WireGuard, 20, 114)]
    [InlineData(LinkStyle.WireGuard, 45, 115)]
    [InlineData(LinkStyle.WireGuard, 120, 116)]
    public void A_router_that_resumes_with_a_stale_table_causes_no_loop(LinkStyle style, int pausedSeconds, int seed)
    {
        var topology = style == LinkStyle.Multicast ? Topology.Random(20, 10, seed, SimulationTestSupport.MixedCosts) : Topology.Random(20, 10, seed);
        var sim = new Simulator(topology, new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var busiest = Enumerable.Range(0, 20).MaxBy(r => sim.Links.Count(l => l.Members.Contains(r)));

        sim.Crash(busiest);
        sim.RunFor(TimeSpan.FromSeconds(pausedSeconds));
        sim.Resume(busiest);
        var took = sim.RunUntilConverged(4 * sim.Options.UpdateInterval);

        SimulationTestSupport.Log($"{sim.Summary()}; r{busiest} paused {pausedSeconds}s, converged {took.TotalSeconds:F1}s after resuming");
        SimulationTestSupport.AssertNoViolations(sim);
    }
}
