using Babelwire.Controller.Data.Model;
using Npgsql;

namespace Babelwire.Controller.Services.Topology;

internal sealed partial class TopologyStore
{
    /// <summary>Moves a node's dirty items into <paramref name="batch"/> with their current values (the writer's side).</summary>
    internal void TakeChanges(Guid nodeId, TopologyBatch batch)
    {
        if (!_nodes.TryGetValue(nodeId, out var node))
        {
            return;
        }
        lock (node.Gate)
        {
            node.Queued = false;
            var dirty = node.TakeDirty();
            if (dirty.IsEmpty)
            {
                return;
            }
            foreach (var key in dirty.Neighbours)
            {
                if (node.Neighbours.TryGetValue(key, out var entry))
                {
                    batch.Adjacencies.Add((nodeId, entry));
                }
                else
                {
                    batch.AdjacenciesDeleted.Add((nodeId, key));
                }
            }
            foreach (var key in dirty.Routes)
            {
                if (node.Routes.TryGetValue(key, out var entry))
                {
                    batch.Routes.Add((nodeId, entry));
                }
                else
                {
                    batch.RoutesDeleted.Add((nodeId, key));
                }
            }
            foreach (var key in dirty.Peers)
            {
                if (node.Peers.TryGetValue(key, out var entry))
                {
                    batch.Peers.Add((nodeId, entry));
                }
                else
                {
                    batch.PeersDeleted.Add((nodeId, key));
                }
            }
            batch.Taken.Add((nodeId, dirty));
        }
    }

    /// <summary>A batch failed: its keys become dirty again. True when the caller must keep the node for its retry
    /// (it is not queued already by a newer report).</summary>
    internal bool GiveBack(Guid nodeId, DirtyKeys keys)
    {
        if (!_nodes.TryGetValue(nodeId, out var node))
        {
            return false;
        }
        lock (node.Gate)
        {
            node.Dirty.UnionWith(keys);
            if (node.Queued)
            {
                return false;
            }
            node.Queued = true;
            return true;
        }
    }

    /// <summary>Loads the last stored state (at start, before the API serves): every node stale until it reports again.</summary>
    internal async Task LoadAsync(TopologyDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT public_key, id FROM nodes", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                directory.Add(reader.GetString(0), reader.GetGuid(1));
            }
        }

        var adjacencies = 0;
        await using (var command = new NpgsqlCommand(
            "SELECT reporter_id, neighbour_address, neighbour_node_id, peer_public_key, interface, cost, rx_cost, tx_cost, rtt_milliseconds, reported_at FROM adjacencies", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                Loaded(reader.GetGuid(0)).LoadNeighbour(new Adjacency
                {
                    ReporterId = reader.GetGuid(0),
                    NeighbourAddress = reader.GetString(1),
                    NeighbourNodeId = NullableGuid(reader, 2),
                    PeerPublicKey = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Interface = reader.GetString(4),
                    Cost = reader.GetInt32(5),
                    RxCost = reader.GetInt32(6),
                    TxCost = reader.GetInt32(7),
                    RttMilliseconds = reader.IsDBNull(8) ? null : reader.GetDouble(8),
                    ReportedAt = reader.GetFieldValue<DateTimeOffset>(9),
                });
                adjacencies++;
            }
        }

        var routes = 0;
        await using (var command = new NpgsqlCommand(
            "SELECT node_id, prefix, metric, router_id, next_hop, next_hop_peer_public_key, next_hop_node_id, installed, updated_at FROM routes", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                Loaded(reader.GetGuid(0)).LoadRoute(new SelectedRoute
                {
                    NodeId = reader.GetGuid(0),
                    Prefix = reader.GetString(1),
                    Metric = reader.GetInt32(2),
                    RouterId = reader.GetString(3),
                    NextHop = reader.GetString(4),
                    NextHopPeerPublicKey = reader.IsDBNull(5) ? null : reader.GetString(5),
                    NextHopNodeId = NullableGuid(reader, 6),
                    Installed = reader.GetBoolean(7),
                    UpdatedAt = reader.GetFieldValue<DateTimeOffset>(8),
                });
                routes++;
            }
        }

        var peers = 0;
        await using (var command = new NpgsqlCommand(
            "SELECT node_id, peer_public_key, endpoint, last_handshake, received_bytes, sent_bytes, reported_at FROM peer_statistics", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                Loaded(reader.GetGuid(0)).LoadPeer(new PeerStatistics
                {
                    NodeId = reader.GetGuid(0),
                    PeerPublicKey = reader.GetString(1),
                    Endpoint = reader.IsDBNull(2) ? null : reader.GetString(2),
                    LastHandshake = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                    ReceivedBytes = reader.GetInt64(4),
                    SentBytes = reader.GetInt64(5),
                    ReportedAt = reader.GetFieldValue<DateTimeOffset>(6),
                });
                peers++;
            }
        }
        logger.TopologyLoaded(_nodes.Count, adjacencies, routes, peers);
    }

    // Loading runs before any report is accepted, so the loaded nodes need no lock.
    private NodeTopology Loaded(Guid nodeId) => _nodes.GetOrAdd(nodeId, id => new NodeTopology(id));

    private static Guid? NullableGuid(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);
}
