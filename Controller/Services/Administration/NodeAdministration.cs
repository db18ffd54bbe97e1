using Babelwire.Controller.Data;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Services.Presence;
using Babelwire.Controller.Services.Topology;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Services.Administration;

/// <summary>
/// Disabling, enabling and deleting a node, and its peer statistics: the one implementation behind the REST API's
/// <c>/api/v1/nodes</c> commands and the dashboard. The public methods let a database outage through (the REST API
/// answers it with 503); the <see cref="INodeAdministration"/> methods turn it into <see cref="AdminProblemKind.Unavailable"/>.
/// </summary>
internal sealed class NodeAdministration(
    MeshDbContext db,
    AgentPresence presence,
    IMeshChangeNotifier notifier,
    TopologyStore topology,
    MeshChangeSignals signals,
    AdminGuard guard,
    TimeProvider time) : INodeAdministration
{
    public async Task<AdminResult<NodePeerStatisticsDto>> GetPeerStatisticsAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        if (topology.GetPeers(nodeId) is { } peers)
        {
            return AdminResult<NodePeerStatisticsDto>.Ok(peers);
        }
        // A node that never reported has no peers yet; one that does not exist is not found.
        return await db.Nodes.AsNoTracking().AnyAsync(n => n.Id == nodeId, cancellationToken)
            ? AdminResult<NodePeerStatisticsDto>.Ok(new NodePeerStatisticsDto(nodeId, true, null, []))
            : AdminProblems.Fail<NodePeerStatisticsDto>(NodeNotFound(nodeId));
    }

    public async Task<AdminResult<NodeDto>> DisableAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        var node = await db.Nodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == nodeId, cancellationToken);
        if (node is null)
        {
            return AdminProblems.Fail<NodeDto>(NodeNotFound(nodeId));
        }
        if (node.Status != NodeStatus.Disabled)
        {
            // A conditional UPDATE, not a tracked save: the hub touches last_seen_at (and so xmin) all the time.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Nodes.Where(n => n.Id == nodeId && n.Status != NodeStatus.Disabled)
                    .ExecuteUpdateAsync(n => n.SetProperty(x => x.Status, NodeStatus.Disabled), cancellationToken) == 1)
            {
                db.Events.Add(new MeshEvent { At = time.GetUtcNow(), Kind = MeshEventKinds.NodeDisabled, NodeId = nodeId, Message = $"{node.Name} disabled" });
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            node.Status = NodeStatus.Disabled;
            signals.NodeChanged(nodeId);
        }
        await notifier.NodeRemovedAsync(nodeId, node.PublicKey, "The node was disabled by an administrator.", cancellationToken);
        return AdminResult<NodeDto>.Ok(NodeDtos.From(node, presence.IsOnline(nodeId)));
    }

    public async Task<AdminResult<NodeDto>> EnableAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        var node = await db.Nodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == nodeId, cancellationToken);
        if (node is null)
        {
            return AdminProblems.Fail<NodeDto>(NodeNotFound(nodeId));
        }
        if (node.Status != NodeStatus.Active)
        {
            // A conditional UPDATE, not a tracked save: the hub touches last_seen_at (and so xmin) all the time.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Nodes.Where(n => n.Id == nodeId && n.Status != NodeStatus.Active)
                    .ExecuteUpdateAsync(n => n.SetProperty(x => x.Status, NodeStatus.Active), cancellationToken) == 1)
            {
                db.Events.Add(new MeshEvent { At = time.GetUtcNow(), Kind = MeshEventKinds.NodeEnabled, NodeId = nodeId, Message = $"{node.Name} enabled" });
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            node.Status = NodeStatus.Active;
            signals.NodeChanged(nodeId);
        }
        await notifier.NodeChangedAsync(nodeId, cancellationToken);
        return AdminResult<NodeDto>.Ok(NodeDtos.From(node, presence.IsOnline(nodeId)));
    }

    public async Task<AdminResult<Done>> DeleteAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var node = await db.Nodes.AsNoTracking().Where(n => n.Id == nodeId).Select(n => new { n.Name, n.PublicKey }).SingleOrDefaultAsync(cancellationToken);
        if (node is null)
        {
            return AdminProblems.Fail<Done>(NodeNotFound(nodeId));
        }
        // The leases keep their node id (history) and become reusable once the grace period after released_at has passed.
        await db.AddressLeases.Where(l => l.NodeId == nodeId && l.ReleasedAt == null)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.ReleasedAt, now), cancellationToken);
        // Adjacencies, routes and peer statistics go with the node (foreign keys with ON DELETE CASCADE).
        await db.Nodes.Where(n => n.Id == nodeId).ExecuteDeleteAsync(cancellationToken);
        db.Events.Add(new MeshEvent { At = now, Kind = MeshEventKinds.NodeDeleted, NodeId = nodeId, Message = $"{node.Name} deleted" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        topology.ForgetNode(nodeId);
        await notifier.NodeRemovedAsync(nodeId, node.PublicKey, "The node was deleted by an administrator.", cancellationToken);
        return AdminResult<Done>.Ok(default);
    }

    Task<AdminResult<NodePeerStatisticsDto>> INodeAdministration.GetPeerStatisticsAsync(Guid nodeId, CancellationToken cancellationToken) =>
        guard.RunAsync(() => GetPeerStatisticsAsync(nodeId, cancellationToken));

    Task<AdminResult<NodeDto>> INodeAdministration.DisableAsync(Guid nodeId, CancellationToken cancellationToken) =>
        guard.RunAsync(() => DisableAsync(nodeId, cancellationToken));

    Task<AdminResult<NodeDto>> INodeAdministration.EnableAsync(Guid nodeId, CancellationToken cancellationToken) =>
        guard.RunAsync(() => EnableAsync(nodeId, cancellationToken));

    Task<AdminResult<Done>> INodeAdministration.DeleteAsync(Guid nodeId, CancellationToken cancellationToken) =>
        guard.RunAsync(() => DeleteAsync(nodeId, cancellationToken));

    public static AdminProblem NodeNotFound(Guid id) => AdminProblems.NotFound("Node not found", $"There is no node {id}.");
}
