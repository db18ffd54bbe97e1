using Babelwire.Controller.Data;
using System.Collections.Immutable;
using Babelwire.Controller.Hubs;
using Babelwire.Controller.Data.Model;
using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Services.PeerSets;

/// <summary>
/// The one peer set every agent shares (all active nodes; each agent skips its own key), held as an immutable
/// snapshot and changed one node at a time. Every change goes through one gate, gets the next version and is
/// broadcast once to the agents' group as a delta, so versions and deltas are gap-free and in order. The version
/// starts at the start time in milliseconds × 1000, so it never repeats across controller restarts (as long as the
/// controller makes fewer than 1000 changes per millisecond of uptime).
/// </summary>
public sealed class PeerSetService(
    IServiceScopeFactory scopes, IHubContext<AgentHub, IAgentClient> hub, TimeProvider time, ILogger<PeerSetService> logger)
{
    /// <summary>The SignalR group of agents that have opened a session (called Connect).</summary>
    public const string AgentsGroup = "agents";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PeerSetState _state = PeerSetState.Empty;

    public long Version => Volatile.Read(ref _state).Version;

    public int Count => Volatile.Read(ref _state).Peers.Count;

    /// <summary>The current snapshot (built once per version, shared by every caller).</summary>
    public PeerSetDto Current => Volatile.Read(ref _state).Snapshot;

    /// <summary>
    /// The current set for an agent holding content <paramref name="knownDigest"/>: when that is the current content,
    /// only the version and digest (no peers) and <c>Unchanged</c>. One read of the state, so the version answered
    /// always matches the content the agent is told it has.
    /// </summary>
    public (PeerSetDto Set, bool Unchanged) CurrentFor(string? knownDigest)
    {
        var state = Volatile.Read(ref _state);
        var digest = state.Digest.ToString();
        return knownDigest == digest ? (new PeerSetDto(state.Version, [], digest), true) : (state.Snapshot, false);
    }

    public bool Contains(Guid nodeId) => Volatile.Read(ref _state).Peers.ContainsKey(nodeId);

    public bool TryGet(Guid nodeId, out PeerDto? peer) => Volatile.Read(ref _state).Peers.TryGetValue(nodeId, out peer);

    /// <summary>Completes once the set has been read from the database at start.</summary>
    public Task WhenLoadedAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeshDbContext>();
        var nodes = await db.Nodes.AsNoTracking().Where(n => n.Status == NodeStatus.Active).ToListAsync(cancellationToken);
        var peers = nodes.ToImmutableDictionary(n => n.Id, ToPeer);
        var version = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        Volatile.Write(ref _state, new PeerSetState(version, peers, PeerSetDigest.Of(peers.Values)));
        _loaded.TrySetResult();
        logger.PeerSetLoaded(peers.Count, version);
    }

    /// <summary>Reads the node again and upserts it (active) or removes it (disabled or gone); no change, no version.</summary>
    public async Task RefreshNodeAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        await WhenLoadedAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        Task broadcast;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeshDbContext>();
            var node = await db.Nodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == nodeId, cancellationToken);
            var state = _state;
            state.Peers.TryGetValue(nodeId, out var before);
            if (node is null || node.Status != NodeStatus.Active)
            {
                if (before is null)
                {
                    return;
                }
                broadcast = Apply(state, state.Peers.Remove(nodeId), [], [before.PublicKey], state.Digest ^ PeerSetDigest.Of(before));
            }
            else
            {
                var after = ToPeer(node);
                if (before is not null && SamePeer(before, after))
                {
                    return;
                }
                string[] removed = before is not null && before.PublicKey != after.PublicKey ? [before.PublicKey] : [];
                var digest = state.Digest ^ PeerSetDigest.Of(after) ^ (before is null ? PeerSetDigest.Empty : PeerSetDigest.Of(before));
                broadcast = Apply(state, state.Peers.SetItem(nodeId, after), [after], removed, digest);
            }
        }
        finally
        {
            _gate.Release();
        }
        await broadcast;
    }

    /// <summary>Takes the node out of the set (disabled or deleted); false when it was not in it.</summary>
    public async Task<bool> RemoveAsync(Guid nodeId, string publicKey, CancellationToken cancellationToken)
    {
        await WhenLoadedAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        Task broadcast;
        try
        {
            var state = _state;
            if (!state.Peers.TryGetValue(nodeId, out var before))
            {
                return false;
            }
            string[] removed = before.PublicKey == publicKey ? [publicKey] : [before.PublicKey, publicKey];
            broadcast = Apply(state, state.Peers.Remove(nodeId), [], removed, state.Digest ^ PeerSetDigest.Of(before));
        }
        finally
        {
            _gate.Release();
        }
        await broadcast;
        return true;
    }

    /// <summary>Publishes the new state, then starts the broadcast while still inside the gate: SignalR queues the
    /// message on every connection synchronously, so deltas reach each agent in version order.</summary>
    private Task Apply(PeerSetState state, ImmutableDictionary<Guid, PeerDto> peers, IReadOnlyList<PeerDto> upserted, IReadOnlyList<string> removed, PeerSetDigest digest)
    {
        var next = new PeerSetState(state.Version + 1, peers, digest);
        Volatile.Write(ref _state, next);
        var delta = new PeerSetDeltaDto(state.Version, next.Version, upserted, removed, digest.ToString());
        logger.PeerSetChanged(next.Version, upserted.Count, removed.Count);
        return hub.Clients.Group(AgentsGroup).PeerSetChanged(delta);
    }

    internal static PeerDto ToPeer(Node node) => new(
        node.Id,
        node.Name,
        node.PublicKey,
        [.. node.Endpoints],
        [$"{node.LinkLocal}/128"],
        $"{node.OverlayIPv6}/128",
        $"{node.OverlayIPv4}/32");

    private static bool SamePeer(PeerDto a, PeerDto b) =>
        a.NodeId == b.NodeId && a.Name == b.Name && a.PublicKey == b.PublicKey
        && a.Endpoints.SequenceEqual(b.Endpoints) && a.AllowedIPs.SequenceEqual(b.AllowedIPs)
        && a.OverlayIPv6 == b.OverlayIPv6 && a.OverlayIPv4 == b.OverlayIPv4;
}
