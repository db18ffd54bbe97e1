using Npgsql;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// Writes a <see cref="TopologyBatch"/> in one transaction and one round trip: per table one DELETE joined to
/// <c>unnest</c>ed key arrays and one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE</c>, so a batch of
/// thousands of rows costs a handful of statements. Rows of nodes deleted meanwhile are skipped (the foreign keys cascade).
/// </summary>
internal sealed class TopologyBatchWriter(TopologyDatabase database, TopologyMetrics metrics)
{
    private const string DeleteAdjacencies = """
        DELETE FROM adjacencies a USING unnest($1::uuid[], $2::text[]) AS d(reporter_id, neighbour_address)
        WHERE a.reporter_id = d.reporter_id AND a.neighbour_address = d.neighbour_address
        """;

    private const string UpsertAdjacencies = """
        INSERT INTO adjacencies (reporter_id, neighbour_address, neighbour_node_id, peer_public_key, interface, cost, rx_cost, tx_cost, rtt_milliseconds, reported_at)
        SELECT u.* FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::float8[], $10::timestamptz[])
            AS u(reporter_id, neighbour_address, neighbour_node_id, peer_public_key, interface, cost, rx_cost, tx_cost, rtt_milliseconds, reported_at)
        WHERE EXISTS (SELECT 1 FROM nodes n WHERE n.id = u.reporter_id)
        ON CONFLICT (reporter_id, neighbour_address) DO UPDATE SET
            neighbour_node_id = excluded.neighbour_node_id, peer_public_key = excluded.peer_public_key, interface = excluded.interface,
            cost = excluded.cost, rx_cost = excluded.rx_cost, tx_cost = excluded.tx_cost,
            rtt_milliseconds = excluded.rtt_milliseconds, reported_at = excluded.reported_at
        """;

    private const string DeleteRoutes = """
        DELETE FROM routes r USING unnest($1::uuid[], $2::text[]) AS d(node_id, prefix)
        WHERE r.node_id = d.node_id AND r.prefix = d.prefix
        """;

    private const string UpsertRoutes = """
        INSERT INTO routes (node_id, prefix, metric, router_id, next_hop, next_hop_peer_public_key, next_hop_node_id, installed, updated_at)
        SELECT u.* FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::bool[], $9::timestamptz[])
            AS u(node_id, prefix, metric, router_id, next_hop, next_hop_peer_public_key, next_hop_node_id, installed, updated_at)
        WHERE EXISTS (SELECT 1 FROM nodes n WHERE n.id = u.node_id)
        ON CONFLICT (node_id, prefix) DO UPDATE SET
            metric = excluded.metric, router_id = excluded.router_id, next_hop = excluded.next_hop,
            next_hop_peer_public_key = excluded.next_hop_peer_public_key, next_hop_node_id = excluded.next_hop_node_id,
            installed = excluded.installed, updated_at = excluded.updated_at
        """;

    private const string DeletePeers = """
        DELETE FROM peer_statistics p USING unnest($1::uuid[], $2::text[]) AS d(node_id, peer_public_key)
        WHERE p.node_id = d.node_id AND p.peer_public_key = d.peer_public_key
        """;

    private const string UpsertPeers = """
        INSERT INTO peer_statistics (node_id, peer_public_key, endpoint, last_handshake, received_bytes, sent_bytes, reported_at)
        SELECT u.* FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::bigint[], $7::timestamptz[])
            AS u(node_id, peer_public_key, endpoint, last_handshake, received_bytes, sent_bytes, reported_at)
        WHERE EXISTS (SELECT 1 FROM nodes n WHERE n.id = u.node_id)
        ON CONFLICT (node_id, peer_public_key) DO UPDATE SET
            endpoint = excluded.endpoint, last_handshake = excluded.last_handshake, received_bytes = excluded.received_bytes,
            sent_bytes = excluded.sent_bytes, reported_at = excluded.reported_at
        """;

    private const string InsertEvents = """
        INSERT INTO events (at, kind, node_id, peer_node_id, prefix, message)
        SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[])
        """;

    public async Task WriteAsync(TopologyBatch batch, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlBatch(connection, transaction);
        List<string> tables = [];

        Add(command, tables, "adjacencies", DeleteAdjacencies, batch.AdjacenciesDeleted,
            batch.AdjacenciesDeleted.Select(d => d.Node).ToArray(), batch.AdjacenciesDeleted.Select(d => d.Address).ToArray());
        Add(command, tables, "adjacencies", UpsertAdjacencies, batch.Adjacencies,
            batch.Adjacencies.Select(a => a.Node).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.Reported.Address).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.NodeId).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.Reported.PeerPublicKey).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.Reported.Interface).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.Reported.Cost).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.Reported.RxCost).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.Reported.TxCost).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.Reported.RttMilliseconds).ToArray(),
            batch.Adjacencies.Select(a => a.Entry.ReportedAt).ToArray());
        Add(command, tables, "routes", DeleteRoutes, batch.RoutesDeleted,
            batch.RoutesDeleted.Select(d => d.Node).ToArray(), batch.RoutesDeleted.Select(d => d.Prefix).ToArray());
        Add(command, tables, "routes", UpsertRoutes, batch.Routes,
            batch.Routes.Select(r => r.Node).ToArray(),
            batch.Routes.Select(r => r.Entry.Reported.Prefix).ToArray(),
            batch.Routes.Select(r => r.Entry.Reported.Metric).ToArray(),
            batch.Routes.Select(r => r.Entry.Reported.RouterId).ToArray(),
            batch.Routes.Select(r => r.Entry.Reported.NextHop).ToArray(),
            batch.Routes.Select(r => r.Entry.Reported.NextHopPeerPublicKey).ToArray(),
            batch.Routes.Select(r => r.Entry.NextHopNodeId).ToArray(),
            batch.Routes.Select(r => r.Entry.Reported.Installed).ToArray(),
            batch.Routes.Select(r => r.Entry.UpdatedAt).ToArray());
        Add(command, tables, "peer_statistics", DeletePeers, batch.PeersDeleted,
            batch.PeersDeleted.Select(d => d.Node).ToArray(), batch.PeersDeleted.Select(d => d.PublicKey).ToArray());
        Add(command, tables, "peer_statistics", UpsertPeers, batch.Peers,
            batch.Peers.Select(p => p.Node).ToArray(),
            batch.Peers.Select(p => p.Entry.Reported.PublicKey).ToArray(),
            batch.Peers.Select(p => p.Entry.Reported.Endpoint).ToArray(),
            batch.Peers.Select(p => p.Entry.Reported.LastHandshake).ToArray(),
            batch.Peers.Select(p => p.Entry.Reported.ReceivedBytes).ToArray(),
            batch.Peers.Select(p => p.Entry.Reported.SentBytes).ToArray(),
            batch.Peers.Select(p => p.Entry.ReportedAt).ToArray());
        Add(command, tables, "events", InsertEvents, batch.Events,
            batch.Events.Select(e => e.At).ToArray(),
            batch.Events.Select(e => e.Kind).ToArray(),
            batch.Events.Select(e => e.NodeId).ToArray(),
            batch.Events.Select(e => e.PeerNodeId).ToArray(),
            batch.Events.Select(e => e.Prefix).ToArray(),
            batch.Events.Select(e => e.Message).ToArray());

        if (command.BatchCommands.Count > 0)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        for (var i = 0; i < tables.Count; i++)
        {
            metrics.RowsWritten(tables[i], command.BatchCommands[i].RecordsAffected);
        }
    }

    private static void Add<T>(NpgsqlBatch batch, List<string> tables, string table, string sql, List<T> rows, params object[] columns)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var command = new NpgsqlBatchCommand(sql);
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column });
        }
        batch.BatchCommands.Add(command);
        tables.Add(table);
    }
}
