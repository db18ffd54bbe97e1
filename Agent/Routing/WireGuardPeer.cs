using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Routing;

/// <summary>
/// A peer of the WireGuard interface as the route programmer sees it: its Babel neighbour address (the link-local
/// derived from its public key) and the AllowedIPs it always keeps, which the programmer never removes.
/// </summary>
/// <param name="BaseAllowedIps">Always includes <paramref name="LinkLocal"/>/128 (docs/babel-notes.md §5: pinned permanently).</param>
/// <param name="Endpoint">Configured endpoint, sent when the peer is created or its configuration changes; null: leave the device's.</param>
/// <param name="Configured">Comes from the peer source (config file, later the controller), not only found on the device.</param>
/// <param name="RoutedBase">Base prefixes that also get a kernel route (a configured peer's extra AllowedIPs).</param>
public sealed record WireGuardPeer(
    WireGuardKey PublicKey,
    IPAddress LinkLocal,
    IReadOnlySet<IPNetwork> BaseAllowedIps,
    IPEndPoint? Endpoint = null,
    TimeSpan? PersistentKeepalive = null,
    bool Configured = false,
    IReadOnlySet<IPNetwork>? RoutedBase = null)
{
    public static WireGuardPeer Create(
        WireGuardKey publicKey, IEnumerable<IPNetwork> extraAllowedIps, IPEndPoint? endpoint = null, TimeSpan? keepalive = null, bool configured = false)
    {
        var linkLocal = LinkLocalAddress.FromPublicKey(publicKey);
        var extra = extraAllowedIps.ToHashSet();
        var all = new HashSet<IPNetwork>(extra) { new(linkLocal, 128) };
        return new WireGuardPeer(publicKey, linkLocal, all, endpoint, keepalive, configured, configured ? extra : new HashSet<IPNetwork>());
    }
}
