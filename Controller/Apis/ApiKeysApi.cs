namespace Babelwire.Controller.Apis;

public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app) => app;
}
