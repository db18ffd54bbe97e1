namespace Babelwire.Shared.Dashboard;

/// <summary>A change to the mesh settings from the dashboard: null fields stay as they are; the same rules as the
/// REST API's <c>PATCH /api/v1/settings</c>.</summary>
/// <param name="Version">The version the change was made against; a stale one is a <see cref="AdminProblemKind.Conflict"/>.</param>
public sealed record MeshSettingsChange(
    uint Version,
    string? OverlayIPv6Prefix = null,
    string? OverlayIPv4Prefix = null,
    TimeSpan? StateReportInterval = null,
    TimeSpan? AddressGracePeriod = null,
    TimeSpan? EventRetention = null);
