using Npgsql;

namespace Babelwire.Bench.Controller;

/// <summary>Cumulative write counters of one database (pg_stat_database) and of the cluster's WAL (pg_stat_wal).
/// Backends flush their counters at most once a second, and after up to 10 s when idle (PostgreSQL 15), so a reading
/// lags by that much; over a window of a minute both ends lag alike.</summary>
internal sealed record PostgresCounters(long Commits, long TuplesWritten, long WalBytes)
{
    public static async Task<PostgresCounters> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT d.xact_commit, d.tup_inserted + d.tup_updated + d.tup_deleted, w.wal_bytes::bigint " +
            "FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PostgresCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
            : throw new InvalidOperationException("pg_stat_database has no row for the benchmark's database");
    }

    /// <summary>The postmaster's process id (the parent of our own backend), for its CPU time.</summary>
    public static async Task<int> PostmasterPidAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return ProcessCpuTimes.Read(backend)?.ParentPid ?? throw new InvalidOperationException($"cannot read /proc/{backend}/stat");
    }
}
