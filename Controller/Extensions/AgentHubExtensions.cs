using Babelwire.Controller.Hubs;
using Babelwire.Controller.Security;
using Babelwire.Controller.Services;
using Babelwire.Controller.Services.PeerSets;
using Babelwire.Controller.Services.Presence;
using Babelwire.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Controller.Extensions;

public static class AgentHubExtensions
{
    /// <summary>The agents' SignalR hub, node authentication, peer sets and presence.</summary>
    public static IHostApplicationBuilder AddAgentHubServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR(options =>
        {
            options.MaximumReceiveMessageSize = HubInput.MaxMessageBytes;
            options.AddFilter<HubErrorFilter>();
        });
        builder.Logging.AddFilter(HubErrorFilter.DispatcherCategory, LogLevel.Critical);
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, NodeCredentialAuthenticationHandler>(NodeCredentialAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Agent, policy => policy
                .AddAuthenticationSchemes(NodeCredentialAuthenticationHandler.SchemeName)
                .RequireRole(AuthorizationPolicies.Agent));
        builder.Services.AddSingleton<AgentPresence>();
        builder.Services.AddSingleton<PeerSetService>();
        builder.Services.AddSingleton<MeshChangeNotifier>();
        builder.Services.AddSingleton<IMeshChangeNotifier>(s => s.GetRequiredService<MeshChangeNotifier>());
        builder.Services.AddSingleton<HubMetrics>();
        // After the migration service (registered with the database), so the set is read from a current schema.
        builder.Services.AddHostedService<PeerSetLoader>();
        return builder;
    }

    public static WebApplication MapAgentHub(this WebApplication app)
    {
        // Created eagerly so that its instruments exist before anything asks for them.
        app.Services.GetRequiredService<HubMetrics>();
        app.MapHub<AgentHub>(ControlPlaneRoutes.AgentHub).RequireAuthorization(AuthorizationPolicies.Agent);
        return app;
    }
}
