namespace Babelwire.Controller.Apis;

public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app) => app;
}
