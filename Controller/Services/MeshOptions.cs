using System.ComponentModel.DataAnnotations;

namespace Babelwire.Controller.Services;

/// <summary>
/// The <c>Mesh</c> configuration section: the settings a new database starts with. After the first start the
/// settings live in the database and change through the settings API.
/// </summary>
public sealed class MeshOptions
{
    public const string Section = "Mesh";

    /// <summary>The mesh's ULA /48; null: a random one (RFC 4193 §3.2) chosen on first start.</summary>
    public string? OverlayIPv6Prefix { get; set; }

    /// <summary>Where IPv4 /32s come from; the shared address space of RFC 6598 by default, as other overlays use.</summary>
    [Required]
    public string OverlayIPv4Prefix { get; set; } = "100.64.0.0/10";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StateReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan AddressGracePeriod { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(30);
}
