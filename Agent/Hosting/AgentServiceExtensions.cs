using Babelwire.Agent.Configuration;
using Babelwire.Agent.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Hosting;

public static class AgentServiceExtensions
{
    /// <summary>Standalone mode: the config file, console logging, the engine loop and the status socket.</summary>
    public static HostApplicationBuilder AddAgentServices(this HostApplicationBuilder builder, string configFile, LogLevel logLevel)
    {
        // The agent's file gets a configuration of its own: the host's (applicationName, …) would be unknown keys.
        var agentConfiguration = new ConfigurationBuilder().AddAgentConfigFile(configFile).Build();
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
        services.AddAgentOptions(agentConfiguration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AgentInbox>();
        services.AddSingleton<HostCounters>();
        services.AddSingleton<AgentExit>();
        services.AddSingleton<IInterfaceResolver, SystemInterfaceResolver>();
        services.AddSingleton<IBabelTransport, UdpBabelTransport>();
        services.AddHostedService<StatusServer>();
        services.AddHostedService<BabelHostService>();
        return builder;
    }
}
