using Babelwire.Controller.Infrastructure;
using Babelwire.Controller.Security;
using Babelwire.Controller.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Extensions;

public static class ControllerServiceExtensions
{
    /// <summary>Everything the controller serves with: the database, problem details, OpenAPI, admin authentication, and each area's services.</summary>
    public static IHostApplicationBuilder AddControllerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<MeshOptions>().BindConfiguration(MeshOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MeshOptions>, MeshOptionsValidator>();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        builder.Services.AddSingleton<CurrentMeshSettings>();
        builder.Services.AddSingleton<MeshChangeSignals>();
        builder.Services.AddSingleton<DatabaseSeeder>();
        builder.AddMeshDatabase();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.AddValidation();
        builder.Services.AddOpenApi();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Admin, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireRole(AuthorizationPolicies.Admin));

        builder.AddEnrolmentServices();
        builder.AddAgentHubServices();
        builder.AddTopologyServices();
        builder.AddAdministrationServices();
        return builder;
    }
}
