namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>A link at run time: its members, cost, and the conditions the test can change.</summary>
public sealed class SimLink(int index, LinkSpec spec)
{
    public int Index { get; } = index;

    public IReadOnlyList<int> Members { get; } = spec.Members;

    public ushort Cost { get; } = spec.Cost;

    public bool Up { get; set; } = true;

    /// <summary>Carried by the members' wg0 (UnicastOnly, neighbours configured) rather than a multicast interface of its own.</summary>
    public bool IsWireGuard { get; internal set; }

    /// <summary>Probability that one delivery on this link is lost; null means the simulation's default.</summary>
    public double? Loss { get; set; }

    /// <summary>Members whose datagrams this link drops: they still hear the others, nobody hears them (a one-way failure).</summary>
    public HashSet<int> Muted { get; } = [];

    public bool Connects(int a, int b) => Members.Contains(a) && Members.Contains(b);

    public override string ToString() => $"link{Index}[{string.Join('-', Members)}]{(Up ? "" : " down")}";
}
