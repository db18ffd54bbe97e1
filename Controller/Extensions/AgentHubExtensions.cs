namespace Babelwire.Controller.Extensions;

public static class AgentHubExtensions
{
    /// <summary>The agents' SignalR hub, node authentication, peer sets and presence.</summary>
    public static IHostApplicationBuilder AddAgentHubServices(this IHostApplicationBuilder builder) => builder;

    public static WebApplication MapAgentHub(this WebApplication app) => app;
}
