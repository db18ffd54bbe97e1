using System.ComponentModel.DataAnnotations;
using System.Net;
using Babelwire.Agent.Babel;

namespace Babelwire.Agent.Configuration;

public enum InterfaceMode
{
    /// <summary>An ordinary link: Hellos to ff02::1:6, neighbours discovered.</summary>
    Multicast,

    /// <summary>Every TLV by unicast to the static <see cref="InterfaceOptions.Neighbours"/>.</summary>
    Unicast,

    /// <summary>The interface of the <c>wireguard</c> section: unicast, neighbours from its peers. Not accepted in interfaces[].</summary>
    WireGuard,
}

public sealed class InterfaceOptions
{
    /// <summary>Kernel interface name (IFNAMSIZ: at most 15 characters).</summary>
    [Required]
    [RegularExpression(@"^[^\s/:]{1,15}$", ErrorMessage = "must be a kernel interface name (1-15 characters, no '/', ':' or spaces)")]
    public string Name { get; set; } = "";

    public InterfaceMode Kind { get; set; } = InterfaceMode.Multicast;

    /// <summary>Link-local (fe80::/64) addresses of the neighbours of a <see cref="InterfaceMode.Unicast"/> interface.</summary>
    public List<IPAddress> Neighbours { get; set; } = [];

    // The wire carries intervals in 16-bit centiseconds: at most 655.35 s.
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan HelloInterval { get; set; } = BabelInterface.DefaultHelloInterval;

    /// <summary>Null: 4 × the Hello interval (RFC 8966 Appendix B).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan? UpdateInterval { get; set; }

    public LinkCostKind LinkCost { get; set; } = LinkCostKind.TwoOutOfThree;

    /// <summary>The rxcost C of a good link (RFC 8966 Appendix A.2.1; babeld uses 96 on wired links).</summary>
    [Range(1, 0xFFFE)]
    public int NominalCost { get; set; } = 96;

    /// <summary>Add the RFC 9616 RTT penalty to the link cost (babeld does for type tunnel).</summary>
    public bool RttCost { get; set; }

    /// <summary>Null: read from the system. IPv6 needs at least 1280.</summary>
    [Range(1280, 65535)]
    public int? Mtu { get; set; }
}
