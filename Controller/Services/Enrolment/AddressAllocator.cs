using Babelwire.Controller.Data;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>
/// Hands out overlay addresses, lowest free first. It runs inside the enrolment transaction, which holds the
/// enrolment advisory lock, so allocations never race; the unique index on <c>address_leases.address</c> and the
/// conditional upsert below would catch it if they did. A released lease is free again once the grace period has passed.
/// </summary>
public static class AddressAllocator
{
    // Blocked: leased now, or released too recently. Candidates: the first usable address and the one after each
    // blocked address; the lowest candidate inside the usable range that is not blocked is the lowest free address.
    private const string LowestFreeSql = """
        WITH blocked AS (
            SELECT address::inet AS a FROM address_leases
            WHERE (released_at IS NULL OR released_at > @cutoff) AND address::inet <<= @prefix::cidr
        )
        SELECT host(c) FROM (
            SELECT @first::inet AS c
            UNION ALL
            SELECT a + 1 FROM blocked WHERE a < @last::inet
        ) candidates
        WHERE c >= @first::inet AND c <= @last::inet AND NOT EXISTS (SELECT 1 FROM blocked b WHERE b.a = c)
        ORDER BY c
        LIMIT 1
        """;

    // A released lease past its grace period is taken over; anything else on that address makes this a no-op (0 rows).
    private const string LeaseSql = """
        INSERT INTO address_leases (address, node_id, allocated_at) VALUES (@address, @node, @now)
        ON CONFLICT (address) DO UPDATE SET node_id = EXCLUDED.node_id, allocated_at = EXCLUDED.allocated_at, released_at = NULL
        WHERE address_leases.released_at IS NOT NULL AND address_leases.released_at <= @cutoff
        """;

    private const int Attempts = 3;

    /// <summary>Leases the lowest free address of <paramref name="prefix"/> to <paramref name="nodeId"/>; null when none is free.</summary>
    public static async Task<IPAddress?> AllocateAsync(MeshDbContext db, IPNetwork prefix, Guid nodeId, DateTimeOffset now, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var (first, last) = UsableRange(prefix);
        var cutoff = now - gracePeriod;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var text = await QueryScalarAsync(db, LowestFreeSql, cancellationToken,
                ("cutoff", cutoff), ("prefix", prefix.ToString()), ("first", first.ToString()), ("last", last.ToString()));
            if (text is null)
            {
                return null;
            }
            var address = IPAddress.Parse(text);
            var leased = await ExecuteAsync(db, LeaseSql, cancellationToken,
                ("address", address.ToString()), ("node", nodeId), ("now", now), ("cutoff", cutoff));
            if (leased == 1)
            {
                return address;
            }
        }
        throw new InvalidOperationException($"Could not lease an address of {prefix} after {Attempts} attempts.");
    }

    /// <summary>The addresses a prefix hands out: IPv4 without its network and broadcast addresses, IPv6 without its ::0.</summary>
    public static (IPAddress First, IPAddress Last) UsableRange(IPNetwork prefix)
    {
        var bits = prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var size = BigInteger.One << (bits - prefix.PrefixLength);
        var network = ToNumber(prefix.BaseAddress);
        var last = network + size - (bits == 32 ? 2 : 1);
        return (ToAddress(network + 1, bits), ToAddress(last, bits));
    }

    private static BigInteger ToNumber(IPAddress address) => new(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private static IPAddress ToAddress(BigInteger value, int bits)
    {
        var bytes = new byte[bits / 8];
        value.TryWriteBytes(bytes.AsSpan(bytes.Length - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return new IPAddress(bytes);
    }

    private static async Task<string?> QueryScalarAsync(MeshDbContext db, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = CreateCommand(db, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<int> ExecuteAsync(MeshDbContext db, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = CreateCommand(db, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static System.Data.Common.DbCommand CreateCommand(MeshDbContext db, string sql, (string Name, object Value)[] parameters)
    {
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Addresses are allocated inside the enrolment transaction.");
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
