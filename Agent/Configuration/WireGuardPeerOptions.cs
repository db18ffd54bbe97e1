using System.ComponentModel.DataAnnotations;
using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Configuration;

/// <summary>A static peer of the WireGuard interface (the controller later supplies peers through the same shape).</summary>
public sealed class WireGuardPeerOptions
{
    [Required]
    public WireGuardKey? PublicKey { get; set; }

    /// <summary>Underlay address and port; null for a peer that only ever connects to us.</summary>
    public IPEndPoint? Endpoint { get; set; }

    /// <summary>Null or zero: off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "18:12:15")]
    public TimeSpan? PersistentKeepalive { get; set; }

    /// <summary>
    /// Prefixes always in this peer's AllowedIPs (with a kernel route), besides its link-local /128, which is always
    /// there. Babel routes for these exact prefixes are refused.
    /// </summary>
    public List<IPNetwork> AllowedIps { get; set; } = [];
}
