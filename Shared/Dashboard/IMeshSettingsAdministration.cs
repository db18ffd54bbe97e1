using Babelwire.Shared.Api;

namespace Babelwire.Shared.Dashboard;

public interface IMeshSettingsAdministration
{
    Task<AdminResult<MeshSettingsAdminDto>> GetAsync(CancellationToken cancellationToken);

    Task<AdminResult<MeshSettingsAdminDto>> UpdateAsync(MeshSettingsChange change, CancellationToken cancellationToken);
}
