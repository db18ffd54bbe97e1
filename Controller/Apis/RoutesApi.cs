using System.Net;
using Babelwire.Controller.Security;
using Babelwire.Controller.Services;
using Babelwire.Controller.Services.Topology;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Babelwire.Controller.Apis;

public static class RoutesApi
{
    public static IEndpointRouteBuilder MapRoutesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/routes").WithTags("Routes").RequireAuthorization(AuthorizationPolicies.Admin);
        api.MapGet("/", GetRoutes)
            .WithName("GetRoutes")
            .WithSummary("Routes the nodes selected; ?node= for one node's, ?prefix= for those inside a prefix (an address means its /32 or /128)");
        return app;
    }

    internal static Results<Ok<IReadOnlyList<MeshRouteDto>>, ValidationProblem> GetRoutes(Guid? node, string? prefix, TopologyStore topology)
    {
        IPNetwork? within = null;
        if (prefix is not null)
        {
            if (Prefixes.TryParseStrict(prefix, out var network))
            {
                within = network;
            }
            else if (!prefix.Contains('/') && IPAddress.TryParse(prefix, out var address))
            {
                within = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            }
            else
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["prefix"] = [$"'{prefix}' is not a prefix (e.g. fd00:b:1::/48, with no host bits set) or an address"],
                });
            }
        }
        return TypedResults.Ok(topology.GetRoutes(node, within));
    }
}
