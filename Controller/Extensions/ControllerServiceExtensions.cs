namespace Babelwire.Controller.Extensions;

public static class ControllerServiceExtensions
{
    /// <summary>Everything the controller serves with: the database, problem details, OpenAPI, and each area's services.</summary>
    public static IHostApplicationBuilder AddControllerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddMeshDatabase();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
