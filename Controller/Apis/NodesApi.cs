using Babelwire.Controller.Data;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Services.Presence;
using Babelwire.Controller.Services.Administration;
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

    private static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> DisableNode(Guid id, NodeAdministration nodes, CancellationToken cancellationToken) =>
        AdminResults.Ok(await nodes.DisableAsync(id, cancellationToken));

    private static async Task<Results<Ok<NodeDto>, ProblemHttpResult>> EnableNode(Guid id, NodeAdministration nodes, CancellationToken cancellationToken) =>
        AdminResults.Ok(await nodes.EnableAsync(id, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteNode(Guid id, NodeAdministration nodes, CancellationToken cancellationToken) =>
        AdminResults.NoContent(await nodes.DeleteAsync(id, cancellationToken));

    private static NodeDto ToDto(Node node, AgentPresence presence) => NodeDtos.From(node, presence.IsOnline(node.Id));

    private static bool TryParseStatus(string value, out NodeStatus status)
    {
        status = value switch { "active" => NodeStatus.Active, "disabled" => NodeStatus.Disabled, _ => (NodeStatus)(-1) };
        return status is NodeStatus.Active or NodeStatus.Disabled;
    }

    private static ProblemDetails NodeNotFound(Guid id) => AdminResults.ToProblemDetails(NodeAdministration.NodeNotFound(id));
}
