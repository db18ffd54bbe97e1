namespace Babelwire.Agent.Status;

/// <summary>The WireGuard interface in <c>status</c>.</summary>
/// <param name="Backend">"wireguard-go" (UAPI) or "kernel" (wg tool).</param>
/// <param name="Pending">Route changes wait for the next AllowedIPs transaction (or its retry).</param>
/// <param name="LastError">The last failed transaction, until one succeeds.</param>
public sealed record WireGuardReport(
    string Interface,
    string Mode,
    string Backend,
    string? PublicKey,
    int ListenPort,
    string LinkLocal,
    int? Index,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<PeerReport> Peers,
    bool Pending,
    string? LastError);

/// <param name="AllowedIps">Every entry of the peer's AllowedIPs on the device.</param>
/// <param name="Routed">How many of them Babel put there.</param>
/// <param name="Configured">From the config file (or controller), not only found on the device.</param>
public sealed record PeerReport(
    string PublicKey,
    string LinkLocal,
    string? Endpoint,
    DateTimeOffset? LastHandshake,
    long RxBytes,
    long TxBytes,
    int AllowedIps,
    int Routed,
    bool Configured);
