using Babelwire.Controller.Infrastructure;
using Babelwire.Controller.Services.LiveView;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Controller.Services.Administration;

/// <summary>
/// What stands between the dashboard and a database outage: a command that fails because PostgreSQL is away becomes
/// <see cref="AdminProblemKind.Unavailable"/> (never an exception in a page) and marks the database away for the live
/// view at once. The REST API calls the same services without the guard, so its outage answer stays the 503 of
/// <see cref="DatabaseUnavailableHandler"/>.
/// </summary>
public sealed class AdminGuard(DatabaseAvailability availability, ILogger<AdminGuard> logger)
{
    public async Task<AdminResult<T>> RunAsync<T>(Func<Task<AdminResult<T>>> command)
    {
        try
        {
            return await command();
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            var reason = e.GetBaseException().Message;
            logger.AdminCommandUnavailable(reason);
            availability.Report(false, reason);
            return AdminResult<T>.Fail(AdminProblems.Unavailable);
        }
    }
}
