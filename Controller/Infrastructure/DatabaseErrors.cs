using Npgsql;

namespace Babelwire.Controller.Infrastructure;

/// <summary>Which failures mean "PostgreSQL is not there right now" (wait and retry) rather than a bug.</summary>
public static class DatabaseErrors
{
    /// <summary>Looks through wrappers (EF Core's InvalidOperationException, DbUpdateException) to the Npgsql cause.</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is NpgsqlException { IsTransient: true } or NpgsqlException { InnerException: System.Net.Sockets.SocketException }
                or PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown })
            {
                return true;
            }
        }
        return false;
    }
}
