using System.Net;

namespace Babelwire.Agent.Babel;

/// <summary>How neighbours are found on an interface.</summary>
public enum InterfaceKind
{
    /// <summary>An ordinary link: Hellos to ff02::1:6, neighbours discovered from what arrives (RFC 8966 §3.4).</summary>
    Multicast,

    /// <summary>Neighbours are given from outside (WireGuard peers); every TLV goes by unicast to each of them.</summary>
    UnicastOnly,
}

/// <summary>How rxcost is computed from the hello history (RFC 8966 Appendix A.2).</summary>
public enum LinkCostKind
{
    /// <summary>A.2.1 2-out-of-3: <see cref="BabelInterface.NominalCost"/> when 2 of the last 3 Hellos arrived, else infinite.</summary>
    TwoOutOfThree,

    /// <summary>A.2.2 ETX: 256 / delivery ratio, for lossy links.</summary>
    Etx,
}

/// <summary>An interface the engine runs on. The engine never opens it: the host delivers and sends its datagrams.</summary>
/// <param name="Name">Kernel interface name.</param>
/// <param name="LinkLocal">The fe80::/64 address this node sends from on the interface (IHUs are addressed to it).</param>
/// <param name="Mtu">Interface MTU; datagrams are at most MTU − 48 (IPv6 + UDP headers).</param>
/// <param name="RttCost">Add the RFC 9616 RTT penalty to the link cost (on for tunnels, as babeld's type tunnel).</param>
/// <param name="SymmetricCost">
/// Both ends of each link compute one agreed cost (docs/babel-notes.md §5, WireGuard needs symmetric paths): each end's IHU
/// carries its rxcost plus its own quantised RTT penalty, the cost is the larger of the figure we send and the one
/// we receive, plus a small perturbation derived from the unordered pair of link-local addresses so that path sums
/// rarely tie. Null means on for <see cref="InterfaceKind.UnicastOnly"/> interfaces and off for multicast ones.
/// </param>
public sealed record BabelInterface(
    string Name,
    InterfaceKind Kind,
    IPAddress LinkLocal,
    int Mtu = 1420,
    TimeSpan? HelloInterval = null,
    TimeSpan? UpdateInterval = null,
    LinkCostKind CostKind = LinkCostKind.TwoOutOfThree,
    ushort NominalCost = 96,
    bool RttCost = true,
    bool? SymmetricCost = null)
{
    public static readonly TimeSpan DefaultHelloInterval = TimeSpan.FromSeconds(4);

    public bool EffectiveSymmetricCost => SymmetricCost ?? Kind == InterfaceKind.UnicastOnly;

    public TimeSpan EffectiveHelloInterval => HelloInterval ?? DefaultHelloInterval;

    /// <summary>RFC 8966 Appendix B: 4 × the Hello interval.</summary>
    public TimeSpan EffectiveUpdateInterval => UpdateInterval ?? 4 * EffectiveHelloInterval;
}
