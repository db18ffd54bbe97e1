namespace Babelwire.Controller.Apis;

public static class NodesApi
{
    public static IEndpointRouteBuilder MapNodesApi(this IEndpointRouteBuilder app) => app;
}
