namespace Babelwire.Agent.Status;

/// <summary>
/// What <c>babelwire-agent status --json</c> prints (Agent/README.md documents it). Addresses and prefixes are
/// strings so the shape is plain JSON. A summary-only report carries just the first three fields and
/// <see cref="Summary"/>: it is what the benchmark polls at 100,000 routes.
/// </summary>
public sealed record StatusReport(
    string RouterId,
    int Seqno,
    DateTimeOffset Time,
    StatusSummary Summary,
    IReadOnlyList<InterfaceReport>? Interfaces = null,
    IReadOnlyList<NeighbourReport>? Neighbours = null,
    IReadOnlyList<RouteReport>? Routes = null,
    IReadOnlyList<AnnouncedReport>? Announced = null,
    IReadOnlyDictionary<string, long>? Counters = null,
    WireGuardReport? WireGuard = null,
    ControlPlaneReport? ControlPlane = null);

public sealed record StatusSummary(int Interfaces, int InterfacesUp, int Neighbours, int Routes, int SelectedRoutes, int Announced);

/// <param name="Up">The interface was found with an fe80::/64 address and handed to the engine.</param>
public sealed record InterfaceReport(string Name, string Kind, bool Up, int? Index, int? Mtu, string? LinkLocal);

/// <param name="Reach">Multicast-Hello history as 4 hex digits, newest bit first (babeld's "reach").</param>
/// <param name="RttMs">Smoothed RTT in milliseconds, null until measured.</param>
/// <param name="PublicKey">On the WireGuard interface: the peer whose derived link-local this neighbour is.</param>
/// <param name="LastHandshake">The peer's last WireGuard handshake; null if there never was one.</param>
public sealed record NeighbourReport(
    string Interface, string Address, string Reach, string UnicastReach, int RxCost, int TxCost, int Cost, double? RttMs,
    string? PublicKey = null, string? Endpoint = null, DateTimeOffset? LastHandshake = null, long? RxBytes = null, long? TxBytes = null);

/// <param name="Programmed">
/// For a selected route on the WireGuard interface: the prefix is in its next hop's AllowedIPs (with a kernel
/// route). Null for other routes.
/// </param>
/// <param name="Refused">Why a selected WireGuard route is not programmed: noSuchPeer, coversEndpoint, heldByAnotherPeer.</param>
public sealed record RouteReport(
    string Prefix, string Source, string Interface, string NextHop, int Metric, int AdvertisedMetric, int Seqno, bool Feasible, bool Selected,
    bool? Programmed = null, string? Refused = null);

public sealed record AnnouncedReport(string Prefix, int Metric);
