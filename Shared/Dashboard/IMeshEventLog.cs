using Babelwire.Shared.Api;

namespace Babelwire.Shared.Dashboard;

/// <summary>The event history (joins, deletes, connects, link and route changes), for the dashboard's timeline.</summary>
public interface IMeshEventLog
{
    Task<AdminResult<PageDto<MeshEventDto>>> QueryAsync(MeshEventQuery query, CancellationToken cancellationToken);
}
