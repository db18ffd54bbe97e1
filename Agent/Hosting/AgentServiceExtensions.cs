using Babelwire.Agent.Configuration;
using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Hosting;

public static class AgentServiceExtensions
{
    /// <summary>
    /// Standalone mode: console logging, the engine loop and the status socket. Takes the options already bound and
    /// validated by <see cref="AgentConfiguration.Load"/> (the options pipeline, run once before anything starts):
    /// binding 100,000 announced prefixes costs seconds, so it is not done twice.
    /// </summary>
    public static HostApplicationBuilder AddAgentServices(this HostApplicationBuilder builder, AgentOptions options, LogLevel logLevel)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddFilter("Microsoft", level => level >= LogLevel.Warning && level >= logLevel);

        var services = builder.Services;
        options = options.WithWireGuardInterface();
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AgentInbox>();
        services.AddSingleton<HostCounters>();
        services.AddSingleton<AgentExit>();
        services.AddSingleton<IInterfaceResolver, SystemInterfaceResolver>();
        services.AddSingleton<IBabelTransport, UdpBabelTransport>();
        services.AddSingleton<WireGuardCounters>();
        services.TryAddSingleton<StateChanges>();
        services.AddHostedService<StatusServer>();
        if (options.Controller is not null)
            services.AddControlPlaneServices(options);   // before WireGuard: enrols, supplies addresses and peers
        if (options.WireGuard is not null)
            services.AddWireGuardServices();
        services.AddHostedService<BabelHostService>();
        return builder;
    }
}
