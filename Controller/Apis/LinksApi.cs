namespace Babelwire.Controller.Apis;

public static class LinksApi
{
    public static IEndpointRouteBuilder MapLinksApi(this IEndpointRouteBuilder app) => app;
}
