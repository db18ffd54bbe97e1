namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>
/// One path-symmetry sample over every pair of live routers {A, D}: A's selected next hops walked towards D's prefix,
/// and D's towards A's. A pair is symmetric iff one path is the exact reverse of the other (docs/babel-notes.md §5: otherwise
/// WireGuard drops the replies as "disallowed source"); incomplete iff either walk does not arrive (no route, a dead
/// end or a loop), which is a reachability gap rather than an asymmetry. <c>Tied</c> counts the asymmetric pairs that
/// have more than one shortest path over the link costs the routers report: symmetric costs make the reverse of a
/// shortest path a shortest path, but only a unique one is sure to be chosen by both ends.
/// </summary>
public sealed record PathSymmetry(int Pairs, int Asymmetric, int Incomplete, int Tied, IReadOnlyList<string> Examples)
{
    /// <summary>Asymmetric pairs whose shortest path is unique: what symmetric costs and bounded hysteresis must rule out at rest.</summary>
    public int AsymmetricWithUniqueShortestPath => Asymmetric - Tied;

    /// <summary>Pairs whose both paths arrive.</summary>
    public int Complete => Pairs - Incomplete;

    /// <summary>Asymmetric pairs among the complete ones (0 when none is complete).</summary>
    public double AsymmetricFraction => Complete == 0 ? 0 : (double)Asymmetric / Complete;

    public override string ToString() =>
        $"{Asymmetric}/{Complete} complete pairs asymmetric ({100 * AsymmetricFraction:F2}%, {Tied} of them tied), {Incomplete}/{Pairs} incomplete";
}
