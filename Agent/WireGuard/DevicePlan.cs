using System.Net;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// What one <see cref="IWireGuardDevice.ApplyAsync"/> sends, computed by <see cref="DeviceModel.Plan"/>: the device
/// fields that changed and one entry per peer that changes, creations and updates first, removals last.
/// </summary>
public sealed record DevicePlan(WireGuardKey? PrivateKey, int? ListenPort, IReadOnlyList<PeerPlan> Peers)
{
    public static readonly DevicePlan Empty = new(null, null, []);

    public bool IsEmpty => PrivateKey is null && ListenPort is null && Peers.Count == 0;

    /// <summary>Allowed IPs added plus removed, or the full list of each replaced peer: the size of the change.</summary>
    public int AllowedIpLineCount
    {
        get
        {
            var count = 0;
            foreach (var peer in Peers)
            {
                count += peer.AddedAllowedIps.Count + peer.RemovedAllowedIps.Count;
            }

            return count;
        }
    }
}

public enum PeerPlanKind
{
    Create,
    Update,
    Remove,
}

/// <summary>How a device removes one allowed IP from a peer.</summary>
public enum AllowedIpRemoval
{
    /// <summary><c>allowed_ip=-P</c> (wireguard-go 0.0.20250522+, wireguard-tools 1.0.20250521+, Linux 6.16+).</summary>
    Incremental,

    /// <summary><c>replace_allowed_ips=true</c> and the peer's whole list: what every implementation understands.</summary>
    Replace,
}

/// <summary>One peer's change. Null fields are left as the device has them.</summary>
/// <param name="AllowedIps">The peer's whole desired list when its AllowedIPs change, else null.</param>
public sealed record PeerPlan(
    WireGuardKey PublicKey,
    PeerPlanKind Kind,
    IPEndPoint? Endpoint,
    TimeSpan? PersistentKeepalive,
    bool ReplaceAllowedIps,
    IReadOnlyList<IPNetwork> AddedAllowedIps,
    IReadOnlyList<IPNetwork> RemovedAllowedIps,
    IReadOnlySet<IPNetwork>? AllowedIps)
{
    public static PeerPlan Removal(WireGuardKey publicKey) => new(publicKey, PeerPlanKind.Remove, null, null, false, [], [], null);
}
