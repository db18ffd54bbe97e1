using System.ComponentModel.DataAnnotations;
using Babelwire.Agent.Babel;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Configuration;

/// <summary>
/// The standalone agent's configuration file (Agent/README.md documents every key). Bound from JSON with
/// camelCase keys; strings become <see cref="TimeSpan"/>, <see cref="System.Net.IPAddress"/> and
/// <see cref="System.Net.IPNetwork"/> at the edge (<see cref="ConfigurationConverters"/>).
/// </summary>
public sealed class AgentOptions
{
    /// <summary>Null: generated once and kept in <see cref="StateDirectory"/>.</summary>
    public RouterId? RouterId { get; set; }

    /// <summary>Holds the router-id (when generated) and our own seqno across restarts (RFC 8966 §3.2.2).</summary>
    [Required]
    public string StateDirectory { get; set; } = "/var/lib/babelwire";

    [Required]
    public string StatusSocket { get; set; } = "/run/babelwire/agent.sock";

    /// <summary>UDP port; RFC 8966 §5 assigns 6696. Only tests change it.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 6696;

    /// <summary>Socket receive buffer, sized for a full-table burst (net.core.rmem_default cannot be raised in a namespace).</summary>
    [Range(65536, 1 << 30)]
    public int ReceiveBufferBytes { get; set; } = 16 << 20;

    /// <summary>How often our own seqno is written to the state directory (also on shutdown).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SeqnoSaveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often interfaces already running are looked up again (gone, new index, new link-local, new MTU).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan InterfaceCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>Ordinary interfaces; may be empty when <see cref="WireGuard"/> is set.</summary>
    public List<InterfaceOptions> Interfaces { get; set; } = [];

    /// <summary>The WireGuard interface whose peers are the Babel neighbours; null: none.</summary>
    public WireGuardOptions? WireGuard { get; set; }

    public List<AnnouncedPrefixOptions> Announce { get; set; } = [];

    /// <summary>The controller this agent enrols with and takes its peers from; null: standalone.</summary>
    public ControllerOptions? Controller { get; set; }
}
