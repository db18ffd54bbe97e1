using static Babelwire.Agent.Babel.Tests.Simulation.SimulationTestSupport;

namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class LossTests
{
    [Theory]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.Both, 61)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.Both, 62)]
    public void Ten_percent_loss_on_every_link_still_converges_without_loops(LinkStyle style, PrefixFamilies families, int seed)
    {
        var sim = new Simulator(Topology.Ring(6), new SimulationOptions(seed, style) { Families = families, Loss = 0.10 });

        var took = sim.RunUntilConverged((sim.HopDiameter() + 6) * sim.Options.UpdateInterval);

        Log($"{sim.Summary()}; converged after {took.TotalSeconds:F1}s; delivered {100.0 * sim.DatagramsDelivered / sim.DatagramsSent:F0}%");
        Assert.True(sim.DatagramsDelivered < 0.95 * sim.DatagramsSent, sim.Context("loss was not applied"));
        sim.RunFor(10 * sim.Options.UpdateInterval);
        AssertNoViolations(sim);
    }
}
