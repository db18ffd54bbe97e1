using Babelwire.Agent.Configuration;
using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>
/// The agent's control plane alone in a host (enrolment service, hub client, peer source, state store), the way
/// <see cref="AgentServiceExtensions.AddAgentServices"/> registers it, with the engine's state replaced by
/// <see cref="FakeStateSource"/> and the clock by the test's.
/// </summary>
internal sealed class ControlPlaneHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private ControlPlaneHarness(IHost host, AgentOptions options, WireGuardKey publicKey, LogRecorder logs, Task started)
    {
        _host = host;
        Options = options;
        PublicKey = publicKey;
        Logs = logs;
        Started = started;
    }

    public AgentOptions Options { get; }

    public WireGuardKey PublicKey { get; }

    public LogRecorder Logs { get; }

    /// <summary>The host's start: completes once enrolled (it waits while the controller is away), faults on a refused enrolment.</summary>
    public Task Started { get; }

    public ControlPlaneState State => Service<ControlPlaneState>();

    public ControllerPeerSource Peers => Service<ControllerPeerSource>();

    public AgentExit Exit => Service<AgentExit>();

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static string Config(Uri controller, string controllerExtra = "", string wireguardExtra = "") => $$"""
        {
          "stateDirectory": "{DIR}/state",
          "statusSocket": "{DIR}/agent.sock",
          "wireguard": { "interface": "wgt0", "privateKeyFile": "{DIR}/wg.key" {{wireguardExtra}} },
          "controller": { "url": "{{controller}}", "nodeName": "alpha", "endpoints": [ "192.0.2.1:51820" ] {{controllerExtra}} }
        }
        """;

    /// <summary>Writes the config (with "token": "T1" unless <paramref name="config"/> says otherwise) and starts the host without waiting for it.</summary>
    public static ControlPlaneHarness Begin(TempDirectory dir, string config, TimeProvider time, IAgentStateSource state, CancellationToken cancellationToken)
    {
        var file = dir.File("agent.json");
        File.WriteAllText(file, config.Replace("{DIR}", dir.Path, StringComparison.Ordinal));
        var loaded = AgentConfiguration.Load(file);
        Assert.Empty(loaded.Errors);
        var options = loaded.Options!;
        var keyFile = dir.File("wg.key");
        if (!File.Exists(keyFile))
            WireGuardKeyFile.Write(keyFile, WireGuardKey.GeneratePrivateKey());
        var publicKey = WireGuardKeyFile.Load(keyFile).DerivePublicKey();

        var logs = new LogRecorder();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        var services = builder.Services;
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton(time);
        services.AddSingleton<AgentExit>();
        services.AddSingleton(new Random(4711));
        services.AddSingleton(state);
        services.AddControlPlaneServices(options);
        var host = builder.Build();
        return new ControlPlaneHarness(host, options, publicKey, logs, host.StartAsync(cancellationToken));
    }

    public static async Task<ControlPlaneHarness> StartAsync(TempDirectory dir, string config, TimeProvider time, IAgentStateSource state, CancellationToken cancellationToken)
    {
        var harness = Begin(dir, config, time, state, cancellationToken);
        await harness.Started.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Started.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception)
        {
            // A start that failed or never finished: stopping below is all that is left to do.
        }
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
