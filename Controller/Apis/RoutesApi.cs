namespace Babelwire.Controller.Apis;

public static class RoutesApi
{
    public static IEndpointRouteBuilder MapRoutesApi(this IEndpointRouteBuilder app) => app;
}
