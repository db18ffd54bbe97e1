using System.ComponentModel.DataAnnotations;
using System.Net;
using Babelwire.Agent.Babel;

namespace Babelwire.Agent.Configuration;

/// <summary>How the agent gets its WireGuard interface.</summary>
public enum WireGuardMode
{
    /// <summary>The agent creates the interface (kernel WireGuard when present, else wireguard-go) and configures it.</summary>
    Create,

    /// <summary>The interface exists (wg-quick, systemd-networkd): its peers are read from the device and kept.</summary>
    Adopt,
}

/// <summary>Which WireGuard implementation a created interface uses.</summary>
public enum WireGuardBackend
{
    /// <summary>Kernel WireGuard when the module is loaded, else wireguard-go.</summary>
    Auto,

    /// <summary>wireguard-go, spoken to over its UAPI socket.</summary>
    Userspace,

    /// <summary>Kernel WireGuard, configured with the <c>wg</c> tool.</summary>
    Kernel,
}

/// <summary>
/// The <c>wireguard</c> section: one WireGuard interface whose peers are the Babel neighbours and whose AllowedIPs
/// carry the routes Babel selects (Agent/README.md documents every key).
/// </summary>
public sealed class WireGuardOptions
{
    /// <summary>Kernel interface name (IFNAMSIZ: at most 15 characters).</summary>
    [Required]
    [RegularExpression(@"^[^\s/:]{1,15}$", ErrorMessage = "must be a kernel interface name (1-15 characters, no '/', ':' or spaces)")]
    public string Interface { get; set; } = "";

    public WireGuardMode Mode { get; set; } = WireGuardMode.Create;

    public WireGuardBackend Backend { get; set; } = WireGuardBackend.Auto;

    /// <summary>The wireguard-go executable (looked up in PATH) for a created userspace interface.</summary>
    [Required]
    public string WireGuardGo { get; set; } = "wireguard-go";

    /// <summary>Where wireguard-go's UAPI sockets are (NAME.sock).</summary>
    [Required]
    public string SocketDirectory { get; set; } = "/var/run/wireguard";

    /// <summary>Null: <c>stateDirectory/wireguard.key</c>. Created (mode 0600) when absent; in adopt mode the device's own key wins.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Null: the device's (adopt) or a random one chosen by WireGuard (create).</summary>
    [Range(1, 65535)]
    public int? ListenPort { get; set; }

    /// <summary>The node's overlay addresses (an IPv6 /128 and an IPv4 /32), put on the interface and announced into Babel.</summary>
    public List<IPNetwork> Addresses { get; set; } = [];

    /// <summary>wireguard-go's default; an IPv6 underlay needs 80 octets of overhead, so 1420 fits a 1500 link.</summary>
    [Range(1280, 65535)]
    public int Mtu { get; set; } = 1420;

    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan HelloInterval { get; set; } = BabelInterface.DefaultHelloInterval;

    /// <summary>Null: 4 × the Hello interval.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan? UpdateInterval { get; set; }

    public LinkCostKind LinkCost { get; set; } = LinkCostKind.TwoOutOfThree;

    [Range(1, 0xFFFE)]
    public int NominalCost { get; set; } = 96;

    /// <summary>RFC 9616 RTT penalty, on as for babeld's <c>type tunnel</c>.</summary>
    public bool RttCost { get; set; } = true;

    /// <summary>How often the device is read for peers added or removed at run time and for their counters.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan PeerCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Turn on IPv4/IPv6 forwarding and off ICMP redirects on the interface, so this node relays (babeld does the same).</summary>
    public bool Forwarding { get; set; } = true;

    public List<WireGuardPeerOptions> Peers { get; set; } = [];
}
