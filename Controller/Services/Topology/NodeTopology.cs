using Babelwire.Controller.Data.Model;
using Babelwire.Shared.Api;
using Babelwire.Shared.State;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// One node's reported state: its neighbours, selected routes and WireGuard peers, keyed as the agent keys them, plus
/// what the writer has not stored yet. Guarded by <see cref="Gate"/>: the node's own connection writes (one call at a
/// time), the API and the writer read.
/// </summary>
internal sealed class NodeTopology(Guid id)
{
    public Guid Id { get; } = id;

    public Lock Gate { get; } = new();

    public Dictionary<string, NeighbourEntry> Neighbours { get; } = [];

    public Dictionary<string, RouteEntry> Routes { get; } = [];

    public Dictionary<string, PeerEntry> Peers { get; } = [];

    /// <summary>Items whose key names a WireGuard peer that is not (yet) a known node; retried on the next report.</summary>
    public int Unresolved { get; private set; }

    public DirtyKeys Dirty { get; private set; } = new();

    /// <summary>In the writer's queue (or its retry list): a node is queued at most once, so the queue is bounded by the node count.</summary>
    public bool Queued { get; set; }

    /// <summary>A full report arrived on the current connection, so deltas can follow.</summary>
    public bool HasFull { get; set; }

    public long LastSequence { get; set; } = -1;

    /// <summary>Last known state (loaded after a restart, or the agent disconnected), not confirmed by a report since.</summary>
    public bool Stale { get; set; } = true;

    public DateTimeOffset? LastReportAt { get; set; }

    public string? AgentVersion { get; set; }

    /// <summary>Counts changes to <see cref="Neighbours"/> and <see cref="Routes"/> (what the live view shows), so that a
    /// report that changed nothing there wakes no one.</summary>
    public long Revision { get; private set; }

    private double _eventTokens = double.NaN;
    private long _eventTokensAt;

    public DirtyKeys TakeDirty()
    {
        var dirty = Dirty;
        Dirty = new DirtyKeys();
        return dirty;
    }

    public void SetNeighbour(string address, NeighbourEntry? entry, EventContext context)
    {
        var old = Neighbours.GetValueOrDefault(address);
        if (entry is null ? old is null : old is not null && old.SameAs(entry))
        {
            return;
        }
        Unresolved += IsUnresolved(entry?.Reported.PeerPublicKey, entry?.NodeId) - IsUnresolved(old?.Reported.PeerPublicKey, old?.NodeId);
        if (entry is null)
        {
            Neighbours.Remove(address);
        }
        else
        {
            Neighbours[address] = entry;
        }
        Dirty.Neighbours.Add(address);
        Revision++;

        var (wasUp, isUp) = (old?.Up ?? false, entry?.Up ?? false);
        if (wasUp != isUp)
        {
            var current = (entry ?? old)!;
            var peer = current.NodeId ?? old?.NodeId;
            context.Add(this, isUp ? MeshEventKinds.LinkUp : MeshEventKinds.LinkDown, peer, null, isUp
                ? $"Neighbour {address} on {current.Reported.Interface} up, cost {current.Reported.Cost}"
                : entry is null
                    ? $"Neighbour {address} on {current.Reported.Interface} lost"
                    : $"Neighbour {address} on {current.Reported.Interface} unreachable (cost {AgentStateValidator.Infinity})");
        }
    }

    public void SetRoute(string prefix, RouteEntry? entry, EventContext context)
    {
        var old = Routes.GetValueOrDefault(prefix);
        if (entry is null ? old is null : old is not null && old.SameAs(entry))
        {
            return;
        }
        Unresolved += IsUnresolved(entry?.Reported.NextHopPeerPublicKey, entry?.NextHopNodeId) - IsUnresolved(old?.Reported.NextHopPeerPublicKey, old?.NextHopNodeId);
        if (entry is null)
        {
            Routes.Remove(prefix);
        }
        else
        {
            Routes[prefix] = entry;
        }
        Dirty.Routes.Add(prefix);
        Revision++;

        if (old is null || !context.IsTrackedRoute(prefix))
        {
            return;
        }
        if (entry is null)
        {
            context.Add(this, MeshEventKinds.RouteLost, old.NextHopNodeId, prefix, $"Route to {prefix} withdrawn (was via {old.Reported.NextHop})");
        }
        else if (entry.Reported.NextHop != old.Reported.NextHop || (entry.NextHopNodeId != old.NextHopNodeId && entry.NextHopNodeId is not null))
        {
            context.Add(this, MeshEventKinds.RouteChanged, entry.NextHopNodeId, prefix,
                $"Route to {prefix} now via {entry.Reported.NextHop}, metric {entry.Reported.Metric} (was via {old.Reported.NextHop}, metric {old.Reported.Metric})");
        }
    }

    public void SetPeer(string publicKey, PeerEntry? entry)
    {
        var old = Peers.GetValueOrDefault(publicKey);
        if (entry is null ? old is null : old is not null && old.SameAs(entry))
        {
            return;
        }
        if (entry is null)
        {
            Peers.Remove(publicKey);
        }
        else
        {
            Peers[publicKey] = entry;
        }
        Dirty.Peers.Add(publicKey);
    }

    /// <summary>Fills in node ids that were unknown when their items arrived (the peer's node enrolled since).</summary>
    public void ResolveLate(IReadOnlyDictionary<string, Guid> nodeIds, DateTimeOffset now, EventContext context)
    {
        if (Unresolved == 0)
        {
            return;
        }
        foreach (var (address, n) in Neighbours.ToList())
        {
            if (n.NodeId is null && n.Reported.PeerPublicKey is { } key && nodeIds.TryGetValue(key, out var nodeId))
            {
                SetNeighbour(address, n with { NodeId = nodeId, ReportedAt = now }, context);
            }
        }
        foreach (var (prefix, r) in Routes.ToList())
        {
            if (r.NextHopNodeId is null && r.Reported.NextHopPeerPublicKey is { } key && nodeIds.TryGetValue(key, out var nodeId))
            {
                SetRoute(prefix, r with { NextHopNodeId = nodeId, UpdatedAt = now }, context);
            }
        }
    }

    /// <summary>Keys of items still waiting for a node id.</summary>
    public IEnumerable<string> UnresolvedKeys() => Unresolved == 0
        ? []
        : Neighbours.Values.Where(n => n.NodeId is null).Select(n => n.Reported.PeerPublicKey)
            .Concat(Routes.Values.Where(r => r.NextHopNodeId is null).Select(r => r.Reported.NextHopPeerPublicKey))
            .OfType<string>().Distinct().ToList();

    /// <summary>Token bucket: <paramref name="burst"/> events at once, one more per <paramref name="refill"/>.</summary>
    public bool TryTakeEventToken(long timestamp, TimeProvider time, int burst, TimeSpan refill)
    {
        if (double.IsNaN(_eventTokens))
        {
            _eventTokens = burst;
        }
        else
        {
            var elapsed = time.GetElapsedTime(_eventTokensAt, timestamp);
            _eventTokens = Math.Min(burst, _eventTokens + elapsed / refill);
        }
        _eventTokensAt = timestamp;
        if (_eventTokens < 1)
        {
            return false;
        }
        _eventTokens--;
        return true;
    }

    public NodeTopology LoadNeighbour(Adjacency row)
    {
        var entry = new NeighbourEntry(
            new NeighbourStateDto(row.NeighbourAddress, row.PeerPublicKey, row.Interface, row.Cost, row.RxCost, row.TxCost, row.RttMilliseconds),
            row.NeighbourNodeId, row.ReportedAt);
        Neighbours[row.NeighbourAddress] = entry;
        Unresolved += IsUnresolved(row.PeerPublicKey, row.NeighbourNodeId);
        return this;
    }

    public NodeTopology LoadRoute(SelectedRoute row)
    {
        var entry = new RouteEntry(
            new RouteStateDto(row.Prefix, row.Metric, row.RouterId, row.NextHop, row.NextHopPeerPublicKey, row.Installed),
            row.NextHopNodeId, row.UpdatedAt);
        Routes[row.Prefix] = entry;
        Unresolved += IsUnresolved(row.NextHopPeerPublicKey, row.NextHopNodeId);
        return this;
    }

    public NodeTopology LoadPeer(PeerStatistics row)
    {
        Peers[row.PeerPublicKey] = new PeerEntry(
            new PeerStatsDto(row.PeerPublicKey, row.Endpoint, row.LastHandshake, row.ReceivedBytes, row.SentBytes), row.ReportedAt);
        return this;
    }

    private static int IsUnresolved(string? key, Guid? nodeId) => key is not null && nodeId is null ? 1 : 0;
}
