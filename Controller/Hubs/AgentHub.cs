using Babelwire.Controller.Data;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Services;
using Babelwire.Controller.Services.PeerSets;
using Babelwire.Controller.Services.Presence;
using Babelwire.Shared;
using Babelwire.Shared.Api;
using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Babelwire.Shared.State;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Hubs;

/// <summary>
/// The agents' hub. Authentication (the node credential) tells who the caller is; <see cref="Connect"/> opens the
/// session, and every other method needs one. Bad input is a <see cref="HubException"/> and changes nothing.
/// </summary>
public sealed class AgentHub(
    MeshDbContext db, PeerSetService peerSets, AgentPresence presence, CurrentMeshSettings settings,
    IAgentStateSink sink, MeshChangeSignals signals, TimeProvider time, ILogger<AgentHub> logger) : Hub<IAgentClient>, IAgentHub
{
    private const string SessionKey = "node";
    private static readonly TimeSpan RefusalGrace = TimeSpan.FromSeconds(1);

    public async Task<AgentSession> Connect(AgentHello hello)
    {
        var ct = Context.ConnectionAborted;
        var nodeId = AuthenticatedNode();
        if (hello is not null && hello.ProtocolVersion != ProtocolVersion.Current)
        {
            logger.ProtocolMismatch(nodeId, hello.ProtocolVersion, ProtocolVersion.Current);
            CloseAfterReply();
            throw new HubException(
                $"Protocol version mismatch: the agent speaks version {hello.ProtocolVersion}, this controller version {ProtocolVersion.Current}. Upgrade the older side.");
        }
        if (HubInput.CheckHello(hello) is { } problem)
        {
            throw Invalid(nodeId, problem);
        }
        await peerSets.WhenLoadedAsync(ct);

        var node = await db.Nodes.AsNoTracking()
            .Where(n => n.Id == nodeId && n.Status == NodeStatus.Active)
            .Select(n => new { n.Name, n.Endpoints })
            .SingleOrDefaultAsync(ct);
        if (node is null)
        {
            CloseAfterReply();
            throw new HubException("This node is disabled or deleted.");
        }
        var now = time.GetUtcNow();
        var endpoints = hello!.Endpoints.ToList();
        var endpointsChanged = !node.Endpoints.SequenceEqual(endpoints);
        if (endpointsChanged)
        {
            await db.Nodes.Where(n => n.Id == nodeId)
                .ExecuteUpdateAsync(n => n.SetProperty(x => x.AgentVersion, hello.AgentVersion).SetProperty(x => x.LastSeenAt, now).SetProperty(x => x.Endpoints, endpoints), ct);
            db.Events.Add(Event(now, MeshEventKinds.EndpointChanged, nodeId, $"{node.Name} endpoints: {string.Join(", ", endpoints)}"));
        }
        else
        {
            await db.Nodes.Where(n => n.Id == nodeId)
                .ExecuteUpdateAsync(n => n.SetProperty(x => x.AgentVersion, hello.AgentVersion).SetProperty(x => x.LastSeenAt, now), ct);
        }

        // Join the broadcast group before reading the peer set: every delta after the snapshot reaches this
        // connection, and a delta the snapshot already contains has Version <= the snapshot's, which agents ignore.
        var again = Context.Items.ContainsKey(SessionKey);
        Context.Items[SessionKey] = nodeId;
        await Groups.AddToGroupAsync(Context.ConnectionId, PeerSetService.AgentsGroup, ct);
        if (presence.Register(nodeId, Context) is { } replaced)
        {
            logger.ConnectionReplaced(nodeId, replaced.ConnectionId);
            replaced.Abort();
        }
        else if (!again)
        {
            db.Events.Add(Event(now, MeshEventKinds.NodeConnected, nodeId, $"{node.Name} connected (agent {hello.AgentVersion})"));
        }
        await db.SaveChangesAsync(ct);
        await sink.NodeSessionStartedAsync(nodeId, ct);

        if (!peerSets.TryGet(nodeId, out var peer) || !peer!.Endpoints.SequenceEqual(endpoints))
        {
            // Not cancelled with the connection: the endpoints are committed already.
            await peerSets.RefreshNodeAsync(nodeId, CancellationToken.None);
        }
        if (!peerSets.Contains(nodeId))
        {
            // Disabled or deleted between the check above and the registration: the revocation may have missed us.
            CloseAfterReply();
            throw new HubException("This node is disabled or deleted.");
        }
        logger.AgentConnected(nodeId, node.Name, hello.AgentVersion);
        // A reconnecting agent that holds the current content gets no peers back (see AgentSession.PeerSetUnchanged).
        var (peerSet, unchanged) = peerSets.CurrentFor(hello.KnownPeerSetDigest);
        return new AgentSession(nodeId, node.Name, settings.ToDto(), peerSet, unchanged);
    }

    public Task<PeerSetDto> GetPeerSet()
    {
        SessionNode();
        return Task.FromResult(peerSets.Current);
    }

    public async Task<StateAck> ReportState(AgentStateDto state)
    {
        var nodeId = SessionNode();
        if (HubInput.CheckState(state) is { } problem)
        {
            throw Invalid(nodeId, problem);
        }
        return await sink.AcceptFullAsync(nodeId, state, Context.ConnectionAborted);
    }

    public async Task<StateAck> ReportStateDelta(AgentStateDeltaDto delta)
    {
        var nodeId = SessionNode();
        if (HubInput.CheckDelta(delta) is { } problem)
        {
            throw Invalid(nodeId, problem);
        }
        return await sink.AcceptDeltaAsync(nodeId, delta, Context.ConnectionAborted);
    }

    public async Task UpdateEndpoints(IReadOnlyList<string> endpoints)
    {
        var nodeId = SessionNode();
        if (HubInput.CheckEndpoints(endpoints) is { } problem)
        {
            throw Invalid(nodeId, problem);
        }
        var ct = Context.ConnectionAborted;
        var list = endpoints.ToList();
        var now = time.GetUtcNow();
        var current = await db.Nodes.AsNoTracking().Where(n => n.Id == nodeId).Select(n => n.Endpoints).SingleOrDefaultAsync(ct);
        if (current is not null && current.SequenceEqual(list))
        {
            return;
        }
        var changed = await db.Nodes.Where(n => n.Id == nodeId && n.Status == NodeStatus.Active)
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.Endpoints, list).SetProperty(x => x.LastSeenAt, now), ct);
        if (changed == 0)
        {
            throw new HubException("This node is disabled or deleted.");
        }
        db.Events.Add(Event(now, MeshEventKinds.EndpointChanged, nodeId, $"endpoints: {string.Join(", ", list)}"));
        await db.SaveChangesAsync(ct);
        signals.NodeChanged(nodeId);
        await peerSets.RefreshNodeAsync(nodeId, CancellationToken.None);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(SessionKey, out var value) && value is Guid nodeId && presence.Unregister(nodeId, Context.ConnectionId))
        {
            logger.AgentDisconnected(nodeId, exception?.Message);
            try
            {
                var now = time.GetUtcNow();
                await db.Nodes.Where(n => n.Id == nodeId).ExecuteUpdateAsync(n => n.SetProperty(x => x.LastSeenAt, now), CancellationToken.None);
                db.Events.Add(Event(now, MeshEventKinds.NodeDisconnected, nodeId, exception is null ? "disconnected" : $"connection lost: {Truncate(exception.Message)}"));
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException)
            {
                logger.DisconnectNotRecorded(nodeId, e.Message);
            }
            finally
            {
                // Also while the database is away: the live topology (and the dashboard) must see the node go stale.
                await sink.NodeDisconnectedAsync(nodeId, CancellationToken.None);
            }
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Closes the connection once the refusal has had time to reach the agent: an abort drops every write after it,
    /// the reply to the current call included, and SignalR says nothing about when that reply has been written.
    /// </summary>
    private void CloseAfterReply() => CloseAfterGrace(Context, time);

    /// <summary>Aborts <paramref name="connection"/> after <see cref="RefusalGrace"/>, so that what was just sent to it
    /// (a refusal, <see cref="IAgentClient.NodeRevoked"/>) is not dropped by the abort.</summary>
    internal static void CloseAfterGrace(HubCallerContext connection, TimeProvider time) =>
        _ = Task.Delay(RefusalGrace, time).ContinueWith(_ => connection.Abort(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private Guid AuthenticatedNode() =>
        Guid.TryParse(Context.UserIdentifier, out var nodeId) ? nodeId : throw new HubException("Not authenticated as a node.");

    private Guid SessionNode() =>
        Context.Items.TryGetValue(SessionKey, out var value) && value is Guid nodeId ? nodeId : throw new HubException("Call Connect first.");

    private HubException Invalid(Guid nodeId, string problem)
    {
        logger.InvalidInput(nodeId, problem);
        return new HubException($"Invalid input: {problem}.");
    }

    private static MeshEvent Event(DateTimeOffset at, string kind, Guid nodeId, string message) =>
        new() { At = at, Kind = kind, NodeId = nodeId, Message = Truncate(message) };

    private static string Truncate(string message) => message.Length <= 500 ? message : message[..499] + "…";
}
