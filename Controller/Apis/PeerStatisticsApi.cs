using Babelwire.Controller.Data;
using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Topology;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Apis;

public static class PeerStatisticsApi
{
    public static IEndpointRouteBuilder MapPeerStatisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/nodes").WithTags("Nodes").RequireAuthorization(AuthorizationPolicies.Admin);
        api.MapGet("/{id:guid}/peers", GetPeerStatistics)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetNodePeerStatistics")
            .WithSummary("A node's WireGuard peers with their counters, as its agent last reported them");
        return app;
    }

    internal static async Task<Results<Ok<NodePeerStatisticsDto>, ProblemHttpResult>> GetPeerStatistics(
        Guid id, TopologyStore topology, MeshDbContext db, CancellationToken cancellationToken)
    {
        if (topology.GetPeers(id) is { } peers)
        {
            return TypedResults.Ok(peers);
        }
        // A node that never reported has no peers yet; one that does not exist is not found.
        return await db.Nodes.AsNoTracking().AnyAsync(n => n.Id == id, cancellationToken)
            ? TypedResults.Ok(new NodePeerStatisticsDto(id, true, null, []))
            : TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Node not found",
                Detail = $"There is no node {id}.",
            });
    }
}
