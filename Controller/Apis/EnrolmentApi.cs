namespace Babelwire.Controller.Apis;

public static class EnrolmentApi
{
    public static IEndpointRouteBuilder MapEnrolmentApi(this IEndpointRouteBuilder app) => app;
}
