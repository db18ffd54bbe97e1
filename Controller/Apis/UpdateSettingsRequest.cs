namespace Babelwire.Controller.Apis;

/// <summary>A change to the mesh settings: absent fields stay as they are.</summary>
/// <param name="OverlayIPv6Prefix">A ULA /48 (fc00::/7); only while no node exists.</param>
/// <param name="OverlayIPv4Prefix">An IPv4 prefix of at most /30; only while no node exists.</param>
/// <param name="StateReportInterval">1 s to 1 h.</param>
/// <param name="AddressGracePeriod">0 to 365 days.</param>
/// <param name="EventRetention">1 h to 3650 days.</param>
/// <param name="Version">The settings' version as last read; when given and stale, the change is refused with 409.</param>
public sealed record UpdateSettingsRequest(
    string? OverlayIPv6Prefix = null,
    string? OverlayIPv4Prefix = null,
    TimeSpan? StateReportInterval = null,
    TimeSpan? AddressGracePeriod = null,
    TimeSpan? EventRetention = null,
    uint? Version = null);
