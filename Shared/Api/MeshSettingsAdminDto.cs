namespace Babelwire.Shared.Api;

/// <summary>Every mesh setting, as the settings API shows it.</summary>
/// <param name="Version">Concurrency token: send it back with a change to refuse the change if someone else changed the settings since.</param>
public sealed record MeshSettingsAdminDto(
    string OverlayIPv6Prefix,
    string OverlayIPv4Prefix,
    TimeSpan StateReportInterval,
    TimeSpan AddressGracePeriod,
    TimeSpan EventRetention,
    uint Version);
