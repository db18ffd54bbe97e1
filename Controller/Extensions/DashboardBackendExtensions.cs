using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Accounts;
using Babelwire.Controller.Services.Administration;
using Babelwire.Controller.Services.LiveView;
using Babelwire.Shared.Dashboard;
using Babelwire.Web.Services;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Extensions;

public static class DashboardBackendExtensions
{
    /// <summary>
    /// What the dashboard (Web/) needs from the controller: the live feed, the Shared/Dashboard administration
    /// interfaces over the services the REST API uses, and the admin account. Call before <c>AddDashboard()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDashboardBackend(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveViewOptions>().BindConfiguration(LiveViewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DashboardAccountOptions>().BindConfiguration(DashboardAccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DashboardAccountOptions>, DashboardAccountOptionsValidator>();

        builder.Services.AddAuthentication().AddPolicyScheme(AuthorizationPolicies.AdminOrDashboardScheme, null, scheme =>
            scheme.ForwardDefaultSelector = context =>
                !context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                && context.Request.Cookies.ContainsKey(DashboardAuthentication.CookieName)
                    ? DashboardAuthentication.Scheme
                    : ApiKeyAuthenticationHandler.SchemeName);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.AdminOrDashboard, policy => policy
                .AddAuthenticationSchemes(AuthorizationPolicies.AdminOrDashboardScheme)
                .RequireAuthenticatedUser());

        builder.Services.AddSingleton<MeshFeed>();
        builder.Services.AddSingleton<IMeshFeed>(services => services.GetRequiredService<MeshFeed>());
        // Both after the topology loader and the migration (AddControllerServices), so they start from a loaded, current state.
        builder.Services.AddHostedService(services => services.GetRequiredService<MeshFeed>());
        builder.Services.AddHostedService<DatabaseProbe>();

        builder.Services.AddScoped<INodeAdministration>(services => services.GetRequiredService<NodeAdministration>());
        builder.Services.AddScoped<IMeshEventLog>(services => services.GetRequiredService<MeshEventLog>());
        builder.Services.AddScoped<IEnrolmentTokenAdministration>(services => services.GetRequiredService<EnrolmentTokenAdministration>());
        builder.Services.AddScoped<IApiKeyAdministration>(services => services.GetRequiredService<ApiKeyAdministration>());
        builder.Services.AddScoped<IMeshSettingsAdministration>(services => services.GetRequiredService<MeshSettingsAdministration>());

        builder.Services.AddScoped<DashboardAccounts>();
        builder.Services.AddScoped<IDashboardAccounts>(services => services.GetRequiredService<DashboardAccounts>());
        builder.Services.AddHostedService<DashboardAdminSeeder>();
        return builder;
    }
}
