using System.Collections.Concurrent;
using Npgsql;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// Maps WireGuard public keys to node ids (<c>nodes.public_key</c>). Enrolment creates nodes in parallel, so a miss
/// asks the database; a key that is not a node (yet) is not asked about again for a few seconds, so that an agent
/// reporting a foreign peer cannot turn every report into a query.
/// </summary>
internal sealed class NodeKeyDirectory(TopologyDatabase database, TimeProvider time, ILogger<NodeKeyDirectory> logger)
{
    private static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Guid> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unknownSince = new(StringComparer.Ordinal);

    public void Add(string publicKey, Guid nodeId)
    {
        _known[publicKey] = nodeId;
        _unknownSince.TryRemove(publicKey, out _);
    }

    /// <summary>The node id of a key already known; never queries.</summary>
    public Guid? Find(string publicKey) => _known.TryGetValue(publicKey, out var id) ? id : null;

    public void Forget(Guid nodeId)
    {
        foreach (var (key, id) in _known)
        {
            if (id == nodeId)
            {
                _known.TryRemove(key, out _);
            }
        }
    }

    public async ValueTask<IReadOnlyDictionary<string, Guid>> ResolveAsync(IEnumerable<string> publicKeys, CancellationToken cancellationToken)
    {
        Dictionary<string, Guid> found = new(StringComparer.Ordinal);
        List<string>? misses = null;
        var now = time.GetTimestamp();
        foreach (var key in publicKeys)
        {
            if (found.ContainsKey(key))
            {
                continue;
            }
            if (_known.TryGetValue(key, out var id))
            {
                found[key] = id;
            }
            else if (!_unknownSince.TryGetValue(key, out var since) || time.GetElapsedTime(since, now) >= UnknownFor)
            {
                (misses ??= []).Add(key);
            }
        }
        if (misses is null)
        {
            return found;
        }
        var distinct = misses.Distinct(StringComparer.Ordinal).ToArray();
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT public_key, id FROM nodes WHERE public_key = ANY($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = distinct });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                var id = reader.GetGuid(1);
                Add(key, id);
                found[key] = id;
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.NodeKeyLookupFailed(distinct.Length, e.Message);
        }
        foreach (var key in distinct.Where(k => !found.ContainsKey(k)))
        {
            _unknownSince[key] = now;
        }
        return found;
    }
}
