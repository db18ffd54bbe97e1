namespace Babelwire.Agent.Babel.Tests.Simulation;

internal static class SimulationTestSupport
{
    /// <summary>Link costs for random multicast topologies: distinct sums differ by at least 32, above the switch threshold.</summary>
    public static readonly ushort[] MixedCosts = [96, 128, 160, 192, 256];

    public static Topology Build(string shape, int size, int seed) => shape switch
    {
        "line" => Topology.Line(size),
        "ring" => Topology.Ring(size),
        "grid" => Topology.Grid((int)Math.Sqrt(size), size / (int)Math.Sqrt(size)),
        "random" => Topology.Random(size, size / 2, seed),
        "random-shared" => Topology.Random(size, size / 2, seed, MixedCosts, sharedSegments: size / 10),
        _ => throw new ArgumentException($"unknown shape {shape}", nameof(shape)),
    };

    /// <summary>WireGuard links without the symmetric-cost perturbation: every link costs the nominal 96, as scenarios built on equal costs need.</summary>
    public static BabelRouterOptions EqualLinkCosts(BabelRouterOptions options) => options with { MaxLinkPerturbation = 0 };

    public static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    public static void AssertNoViolations(Simulator sim) =>
        Assert.True(sim.Violations.Count == 0, sim.Context($"{sim.Violations.Count} violations, first: {string.Join("\n", sim.Violations.Take(5))}"));
}
