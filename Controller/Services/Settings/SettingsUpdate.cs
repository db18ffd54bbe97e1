using Babelwire.Shared.Api;

namespace Babelwire.Controller.Services.Settings;

/// <summary>What a settings change came to: the new settings, or a conflict's detail (stale version, prefix change with nodes).</summary>
public sealed record SettingsUpdate(MeshSettingsAdminDto? Settings, string? ConflictTitle, string? ConflictDetail);
