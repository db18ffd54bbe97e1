using System.Net;

namespace Babelwire.Controller.Data.Model;

/// <summary>The mesh's settings: a single row, created on first start.</summary>
public sealed class MeshSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>The mesh's ULA /48 (RFC 4193, random Global ID chosen on first start unless configured).</summary>
    public required IPNetwork OverlayIPv6Prefix { get; set; }

    public required IPNetwork OverlayIPv4Prefix { get; set; }

    public TimeSpan StateReportInterval { get; set; }

    /// <summary>How long a deleted node's addresses stay unassigned.</summary>
    public TimeSpan AddressGracePeriod { get; set; }

    public TimeSpan EventRetention { get; set; }

    public uint Version { get; set; }
}
