using Babelwire.Controller.Data;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Services;
using Babelwire.Controller.Services.Presence;
using Babelwire.Controller.Services.Topology;
using Babelwire.Controller.Security;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Apis;

public static class NodesApi
{
    public static IEndpointRouteBuilder MapNodesApi(this IEndpointRouteBuilder app)
    {
        var nodes = app.MapGroup("/api/v1/nodes").WithTags("Nodes").RequireAuthorization(AuthorizationPolicies.Admin);
        nodes.MapGet("/", ListNodes).WithName("ListNodes").WithSummary("Lists the enrolled nodes, optionally only those of one status or with one tag.");
        nodes.MapGet("/{id:guid}", GetNode).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetNode").WithSummary("Gets one node.");
        nodes.MapPost("/{id:guid}/disable", DisableNode).ProducesProblem(StatusCodes.Status404NotFound).WithName("DisableNode")
            .WithSummary("Disables a node: it leaves every peer set at once and its agent is disconnected and refused.");
        nodes.MapPost("/{id:guid}/enable", EnableNode).ProducesProblem(StatusCodes.Status404NotFound).WithName("EnableNode").WithSummary("Enables a disabled node: it rejoins every peer set.");
        nodes.MapDelete("/{id:guid}", DeleteNode).ProducesProblem(StatusCodes.Status404NotFound).WithName("DeleteNode")
            .WithSummary("Deletes a node with its links, routes and statistics; its addresses are released for reuse after the grace period.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<NodeDto>>, ValidationProblem>> ListNodes(
        string? status, string? tag, MeshDbContext db, AgentPresence presence, CancellationToken cancellationToken)
    {
        var query = db.Nodes.AsNoTracking();
        if (status is not null)
        {
            if (!TryParseStatus(status, out var wanted))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Use 'active' or 'disabled'."] });
            }
            query = query.Where(n => n.Status == wanted);
        }
        if (tag is not null)
        {
            query = query.Where(n => n.Tags.Contains(tag));
        }
        var nodes = await query.OrderBy(n => n.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<NodeDto>>([.. nodes.Select(n => ToDto(n, presence))]);
    }

    private static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> GetNode(
        Guid id, MeshDbContext db, AgentPresence presence, CancellationToken cancellationToken) =>
        await db.Nodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, cancellationToken) is { } node
            ? TypedResults.Ok(ToDto(node, presence))
            : TypedResults.Problem(NodeNotFound(id));

    private static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> DisableNode(
        Guid id, MeshDbContext db, AgentPresence presence, IMeshChangeNotifier notifier, TimeProvider time, CancellationToken cancellationToken)
    {
        var node = await db.Nodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (node is null)
        {
            return TypedResults.Problem(NodeNotFound(id));
        }
        if (node.Status != NodeStatus.Disabled)
        {
            // A conditional UPDATE, not a tracked save: the hub touches last_seen_at (and so xmin) all the time.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Nodes.Where(n => n.Id == id && n.Status != NodeStatus.Disabled)
                    .ExecuteUpdateAsync(n => n.SetProperty(x => x.Status, NodeStatus.Disabled), cancellationToken) == 1)
            {
                db.Events.Add(new MeshEvent { At = time.GetUtcNow(), Kind = MeshEventKinds.NodeDisabled, NodeId = id, Message = $"{node.Name} disabled" });
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            node.Status = NodeStatus.Disabled;
        }
        await notifier.NodeRemovedAsync(id, node.PublicKey, "The node was disabled by an administrator.", cancellationToken);
        return TypedResults.Ok(ToDto(node, presence));
    }

    private static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> EnableNode(
        Guid id, MeshDbContext db, AgentPresence presence, IMeshChangeNotifier notifier, TimeProvider time, CancellationToken cancellationToken)
    {
        var node = await db.Nodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (node is null)
        {
            return TypedResults.Problem(NodeNotFound(id));
        }
        if (node.Status != NodeStatus.Active)
        {
            // A conditional UPDATE, not a tracked save: the hub touches last_seen_at (and so xmin) all the time.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Nodes.Where(n => n.Id == id && n.Status != NodeStatus.Active)
                    .ExecuteUpdateAsync(n => n.SetProperty(x => x.Status, NodeStatus.Active), cancellationToken) == 1)
            {
                db.Events.Add(new MeshEvent { At = time.GetUtcNow(), Kind = MeshEventKinds.NodeEnabled, NodeId = id, Message = $"{node.Name} enabled" });
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            node.Status = NodeStatus.Active;
        }
        await notifier.NodeChangedAsync(id, cancellationToken);
        return TypedResults.Ok(ToDto(node, presence));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteNode(
        Guid id, MeshDbContext db, IMeshChangeNotifier notifier, TopologyStore topology, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var node = await db.Nodes.AsNoTracking().Where(n => n.Id == id).Select(n => new { n.Name, n.PublicKey }).SingleOrDefaultAsync(cancellationToken);
        if (node is null)
        {
            return TypedResults.Problem(NodeNotFound(id));
        }
        // The leases keep their node id (history) and become reusable once the grace period after released_at has passed.
        await db.AddressLeases.Where(l => l.NodeId == id && l.ReleasedAt == null)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.ReleasedAt, now), cancellationToken);
        // Adjacencies, routes and peer statistics go with the node (foreign keys with ON DELETE CASCADE).
        await db.Nodes.Where(n => n.Id == id).ExecuteDeleteAsync(cancellationToken);
        db.Events.Add(new MeshEvent { At = now, Kind = MeshEventKinds.NodeDeleted, NodeId = id, Message = $"{node.Name} deleted" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        topology.ForgetNode(id);
        await notifier.NodeRemovedAsync(id, node.PublicKey, "The node was deleted by an administrator.", cancellationToken);
        return TypedResults.NoContent();
    }

    private static NodeDto ToDto(Node node, AgentPresence presence) => new(
        node.Id,
        node.Name,
        node.PublicKey,
        node.Endpoints,
        node.OverlayIPv6.ToString(),
        node.OverlayIPv4.ToString(),
        node.Tags,
        node.Status == NodeStatus.Active ? "active" : "disabled",
        presence.IsOnline(node.Id),
        node.EnrolledAt,
        node.LastSeenAt,
        node.AgentVersion);

    private static bool TryParseStatus(string value, out NodeStatus status)
    {
        status = value switch { "active" => NodeStatus.Active, "disabled" => NodeStatus.Disabled, _ => (NodeStatus)(-1) };
        return status is NodeStatus.Active or NodeStatus.Disabled;
    }

    private static ProblemDetails NodeNotFound(Guid id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Node not found",
        Detail = $"There is no node {id}.",
    };
}
