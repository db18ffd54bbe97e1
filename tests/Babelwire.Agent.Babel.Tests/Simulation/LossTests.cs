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
        var checks = 0;
        var converged = 0;
        var streak = 0;
        var longest = 0;
        sim.RunUntil(() =>
        {
            checks++;
            var mismatches = sim.ConvergenceMismatches(1);
            converged += mismatches.Count == 0 ? 1 : 0;
            streak = mismatches.Count == 0 ? 0 : streak + 1;
            longest = Math.Max(longest, streak);
            return false;
        }, 20 * sim.Options.UpdateInterval);
        Log($"optimal at {converged} of {checks} one-second checks over {20 * sim.Options.UpdateInterval.TotalSeconds}s of 10% loss, longest miss {longest}s");
        AssertNoViolations(sim);
    }
}
