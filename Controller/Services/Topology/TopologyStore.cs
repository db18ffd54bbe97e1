using System.Collections.Concurrent;
using System.Threading.Channels;
using Babelwire.Shared.Hub;
using Babelwire.Shared.State;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// The live topology: every node's reported neighbours, selected routes and WireGuard peer statistics, held in memory
/// as the authority for reads, so that a report is visible through the API as soon as it is accepted. Changes are
/// marked dirty per item and stored by <see cref="TopologyWriter"/> in batches (write-behind); events go the same way.
/// </summary>
internal sealed partial class TopologyStore(
    NodeKeyDirectory directory,
    TopologyEventQueue events,
    TopologyMetrics metrics,
    CurrentMeshSettings settings,
    MeshChangeSignals signals,
    IOptions<TopologyOptions> options,
    TimeProvider time,
    ILogger<TopologyStore> logger) : IAgentStateSink
{
    private static readonly StateAck Accepted = new(false);
    private static readonly StateAck Resync = new(true);

    private readonly ConcurrentDictionary<Guid, NodeTopology> _nodes = new();

    // Each node is in here at most once (NodeTopology.Queued), so its length is bounded by the node count; the
    // capacity is only a backstop.
    private readonly Channel<Guid> _dirty = Channel.CreateBounded<Guid>(new BoundedChannelOptions(1 << 20)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    internal ChannelReader<Guid> DirtyNodes => _dirty.Reader;

    public async ValueTask<StateAck> AcceptFullAsync(Guid nodeId, AgentStateDto state, CancellationToken cancellationToken)
    {
        var report = Validate(nodeId, "full", () => AgentStateValidator.Validate(state));
        var node = _nodes.GetOrAdd(nodeId, id => new NodeTopology(id));
        var nodeIds = await ResolveAsync(node, report, cancellationToken);
        var context = NewEventContext();
        bool enqueue;
        bool changed;
        lock (node.Gate)
        {
            var (revision, stale) = (node.Revision, node.Stale);
            foreach (var key in node.Neighbours.Keys.Except(report.Neighbours.Select(n => n.Address)).ToList())
            {
                node.SetNeighbour(key, null, context);
            }
            foreach (var key in node.Routes.Keys.Except(report.Routes.Select(r => r.Prefix)).ToList())
            {
                node.SetRoute(key, null, context);
            }
            foreach (var key in node.Peers.Keys.Except(report.Peers.Select(p => p.PublicKey)).ToList())
            {
                node.SetPeer(key, null);
            }
            Apply(node, report, nodeIds, context);
            node.HasFull = true;
            node.AgentVersion = report.AgentVersion;
            enqueue = Accept(node, report.Sequence, context.Now);
            changed = node.Revision != revision || stale;
        }
        await AfterApplyAsync(node, enqueue, changed, context);
        metrics.Report("full", "accepted");
        return Accepted;
    }

    public async ValueTask<StateAck> AcceptDeltaAsync(Guid nodeId, AgentStateDeltaDto delta, CancellationToken cancellationToken)
    {
        var report = Validate(nodeId, "delta", () => AgentStateValidator.Validate(delta));
        var node = _nodes.GetOrAdd(nodeId, id => new NodeTopology(id));
        if (!Follows(node, report.Sequence))
        {
            return Resync;
        }
        var nodeIds = await ResolveAsync(node, report, cancellationToken);
        var context = NewEventContext();
        bool enqueue;
        bool changed;
        lock (node.Gate)
        {
            var (revision, stale) = (node.Revision, node.Stale);
            // Checked again under the lock: a disconnect may have come in between.
            if (!node.HasFull || report.Sequence != node.LastSequence + 1)
            {
                metrics.Report("delta", "resync");
                return Resync;
            }
            foreach (var key in report.NeighboursRemoved)
            {
                node.SetNeighbour(key, null, context);
            }
            foreach (var key in report.RoutesRemoved)
            {
                node.SetRoute(key, null, context);
            }
            foreach (var key in report.PeersRemoved)
            {
                node.SetPeer(key, null);
            }
            Apply(node, report, nodeIds, context);
            enqueue = Accept(node, report.Sequence, context.Now);
            changed = node.Revision != revision || stale;
        }
        await AfterApplyAsync(node, enqueue, changed, context);
        metrics.Report("delta", "accepted");
        return Accepted;
    }

    public ValueTask NodeSessionStartedAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        if (_nodes.TryGetValue(nodeId, out var node))
        {
            lock (node.Gate)
            {
                node.HasFull = false;
            }
        }
        // The hub stored the agent's version and the time it was seen, and the node is online now.
        signals.NodeChanged(nodeId);
        return ValueTask.CompletedTask;
    }

    public ValueTask NodeDisconnectedAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        if (_nodes.TryGetValue(nodeId, out var node))
        {
            lock (node.Gate)
            {
                node.HasFull = false;
                node.Stale = true;
            }
            signals.TopologyChanged(nodeId);
        }
        signals.NodeChanged(nodeId);
        return ValueTask.CompletedTask;
    }

    /// <summary>The node was deleted: drop its state from the live view (its rows go with the node by cascade).</summary>
    public void ForgetNode(Guid nodeId)
    {
        _nodes.TryRemove(nodeId, out _);
        directory.Forget(nodeId);
        signals.NodeForgotten(nodeId);
    }

    /// <summary>A node's public key became known (enrolment); saves a lookup when others report it as their peer.</summary>
    public void NodeKeyKnown(string publicKey, Guid nodeId) => directory.Add(publicKey, nodeId);

    private ValidatedReport Validate(Guid nodeId, string kind, Func<ValidatedReport> validate)
    {
        try
        {
            return validate();
        }
        catch (InvalidAgentStateException e)
        {
            metrics.Report(kind, "rejected");
            logger.AgentStateRejected(nodeId, e.Message);
            throw;
        }
    }

    private bool Follows(NodeTopology node, long sequence)
    {
        lock (node.Gate)
        {
            if (node.HasFull && sequence == node.LastSequence + 1)
            {
                return true;
            }
            logger.AgentResyncRequired(node.Id, sequence, node.HasFull ? node.LastSequence : -1);
        }
        metrics.Report("delta", "resync");
        return false;
    }

    private async ValueTask<IReadOnlyDictionary<string, Guid>> ResolveAsync(NodeTopology node, ValidatedReport report, CancellationToken cancellationToken)
    {
        IEnumerable<string> keys = report.PublicKeys;
        if (node.Unresolved > 0)
        {
            lock (node.Gate)
            {
                keys = keys.Concat(node.UnresolvedKeys());
            }
        }
        return await directory.ResolveAsync(keys, cancellationToken);
    }

    private static void Apply(NodeTopology node, ValidatedReport report, IReadOnlyDictionary<string, Guid> nodeIds, EventContext context)
    {
        var now = context.Now;
        foreach (var n in report.Neighbours)
        {
            node.SetNeighbour(n.Address, Keep(node.Neighbours.GetValueOrDefault(n.Address), new NeighbourEntry(n, Lookup(nodeIds, n.PeerPublicKey), now)), context);
        }
        foreach (var r in report.Routes)
        {
            node.SetRoute(r.Prefix, Keep(node.Routes.GetValueOrDefault(r.Prefix), new RouteEntry(r, Lookup(nodeIds, r.NextHopPeerPublicKey), now)), context);
        }
        foreach (var p in report.Peers)
        {
            var entry = new PeerEntry(p, now);
            node.SetPeer(p.PublicKey, node.Peers.GetValueOrDefault(p.PublicKey) is { } old && old.SameAs(entry) ? old : entry);
        }
        node.ResolveLate(nodeIds, now, context);
    }

    /// <summary>An unchanged item keeps its old value and time, so that nothing is marked dirty for it.</summary>
    private static NeighbourEntry Keep(NeighbourEntry? old, NeighbourEntry entry) => old is not null && old.SameAs(entry) ? old : entry;

    private static RouteEntry Keep(RouteEntry? old, RouteEntry entry) => old is not null && old.SameAs(entry) ? old : entry;

    private static Guid? Lookup(IReadOnlyDictionary<string, Guid> nodeIds, string? key) =>
        key is not null && nodeIds.TryGetValue(key, out var id) ? id : null;

    /// <summary>Marks the report accepted; true when the node must be queued for the writer.</summary>
    private static bool Accept(NodeTopology node, long sequence, DateTimeOffset now)
    {
        node.LastSequence = sequence;
        node.Stale = false;
        node.LastReportAt = now;
        if (node.Queued || node.Dirty.IsEmpty)
        {
            return false;
        }
        node.Queued = true;
        return true;
    }

    private async ValueTask AfterApplyAsync(NodeTopology node, bool enqueue, bool changed, EventContext context)
    {
        if (changed)
        {
            signals.TopologyChanged(node.Id);
        }
        if (context.Events.Count > 0)
        {
            events.Enqueue(context.Events);
        }
        if (enqueue && !_dirty.Writer.TryWrite(node.Id))
        {
            // Not cancellable: the node is marked queued, so giving up here would strand its changes.
            await _dirty.Writer.WriteAsync(node.Id, CancellationToken.None);
        }
    }

    private EventContext NewEventContext()
    {
        // PostgreSQL keeps microseconds: the live view holds the same instant the database will, so that a restart
        // gives back exactly what was shown before.
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        return new EventContext(now, time.GetTimestamp(), time, options.Value, settings, metrics);
    }
}
