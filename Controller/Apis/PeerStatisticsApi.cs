using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Administration;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

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
        Guid id, NodeAdministration nodes, CancellationToken cancellationToken) =>
        AdminResults.Ok(await nodes.GetPeerStatisticsAsync(id, cancellationToken));
}
