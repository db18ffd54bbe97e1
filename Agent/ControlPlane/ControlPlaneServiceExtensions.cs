using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Babelwire.Agent.ControlPlane;

public static class ControlPlaneServiceExtensions
{
    private static readonly TimeSpan EnrolmentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The controller's side of the agent. Register before the WireGuard services: the enrolment service must run
    /// before the WireGuard host (it supplies the overlay addresses and the kept peer set), and the controller's
    /// peer source takes the place of the static one. The state source is TryAdd'ed: tests put their own first.
    /// </summary>
    public static IServiceCollection AddControlPlaneServices(this IServiceCollection services, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var controller = options.Controller ?? throw new InvalidOperationException("no controller section");
        services.TryAddSingleton(Random.Shared);
        services.AddSingleton(new ControlPlaneStore(options.StateDirectory));
        services.AddSingleton(sp => new EnrolmentClient(new HttpClient { Timeout = EnrolmentTimeout }));
        services.AddSingleton<ControllerPeerSource>();
        services.AddSingleton<IPeerSource>(sp => sp.GetRequiredService<ControllerPeerSource>());
        services.AddSingleton(sp => new ControlPlaneState(controller.Url!, sp.GetRequiredService<ControllerPeerSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IStatusContributor>(sp => sp.GetRequiredService<ControlPlaneState>());
        services.TryAddSingleton<IAgentStateSource, EngineStateSource>();
        services.TryAddSingleton<StateChanges>();
        services.AddSingleton<Enroller>();
        services.AddHostedService<EnrolmentService>();
        services.AddSingleton<AgentHubClient>();
        services.AddHostedService(sp => sp.GetRequiredService<AgentHubClient>());
        return services;
    }
}
