namespace Babelwire.Controller.Apis;

public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app) => app;
}
