using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Topology;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Babelwire.Controller.Apis;

public static class LinksApi
{
    public static IEndpointRouteBuilder MapLinksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/links").WithTags("Links").RequireAuthorization(AuthorizationPolicies.Admin);
        api.MapGet("/", GetLinks)
            .WithName("GetLinks")
            .WithSummary("Links between nodes, each pair once with the cost each side reports; ?node= for one node's links");
        return app;
    }

    internal static Ok<IReadOnlyList<LinkDto>> GetLinks(Guid? node, TopologyStore topology) =>
        TypedResults.Ok(topology.GetLinks(node));
}
