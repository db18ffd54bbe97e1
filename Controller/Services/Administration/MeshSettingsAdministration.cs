using Babelwire.Controller.Apis;
using Babelwire.Controller.Services.Settings;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Controller.Services.Administration;

/// <summary>The mesh settings for the REST API's <c>/api/v1/settings</c> and the dashboard: validation, then
/// <see cref="MeshSettingsService"/> (a stale version or a prefix change with nodes is a conflict).</summary>
internal sealed class MeshSettingsAdministration(MeshSettingsService settings, AdminGuard guard) : IMeshSettingsAdministration
{
    public async Task<AdminResult<MeshSettingsAdminDto>> GetAsync(CancellationToken cancellationToken) =>
        AdminResult<MeshSettingsAdminDto>.Ok(await settings.GetAsync(cancellationToken));

    public async Task<AdminResult<MeshSettingsAdminDto>> UpdateAsync(UpdateSettingsRequest request, CancellationToken cancellationToken)
    {
        var errors = MeshSettingsService.Validate(request);
        if (errors.Count > 0)
        {
            return AdminProblems.Fail<MeshSettingsAdminDto>(AdminProblems.Invalid("Invalid mesh settings", errors));
        }
        var update = await settings.UpdateAsync(request, cancellationToken);
        return update.Settings is { } changed
            ? AdminResult<MeshSettingsAdminDto>.Ok(changed)
            : AdminProblems.Fail<MeshSettingsAdminDto>(AdminProblems.Conflict(update.ConflictTitle!, update.ConflictDetail!));
    }

    Task<AdminResult<MeshSettingsAdminDto>> IMeshSettingsAdministration.GetAsync(CancellationToken cancellationToken) =>
        guard.RunAsync(() => GetAsync(cancellationToken));

    Task<AdminResult<MeshSettingsAdminDto>> IMeshSettingsAdministration.UpdateAsync(MeshSettingsChange change, CancellationToken cancellationToken) =>
        guard.RunAsync(() => UpdateAsync(new UpdateSettingsRequest(change.OverlayIPv6Prefix, change.OverlayIPv4Prefix, change.StateReportInterval,
            change.AddressGracePeriod, change.EventRetention, change.Version), cancellationToken));
}
