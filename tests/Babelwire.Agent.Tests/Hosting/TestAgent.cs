using System.Net;
using System.Text.Json;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Tests.Hosting;

/// <summary>
/// A whole agent host in-process: the real config file, engine loop, state directory and status socket, with the
/// socket and the interface lookup replaced.
/// </summary>
internal sealed class TestAgent : IAsyncDisposable
{
    private readonly IHost _host;

    private TestAgent(IHost host, string directory, string socket)
    {
        _host = host;
        Directory = directory;
        Socket = socket;
    }

    public string Directory { get; }

    public string Socket { get; }

    public HostCounters Counters => _host.Services.GetRequiredService<HostCounters>();

    public AgentExit Exit => _host.Services.GetRequiredService<AgentExit>();

    /// <summary>Writes <paramref name="configJson"/> (with {DIR} replaced by a fresh directory) and starts the host.</summary>
    public static async Task<TestAgent> StartAsync(
        TempDirectory directory, string configJson, IBabelTransport transport, IInterfaceResolver resolver, CancellationToken cancellationToken,
        TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var socket = Path.Combine(directory.Path, "agent.sock");
        var file = directory.File("agent.json");
        await File.WriteAllTextAsync(file, configJson.Replace("{DIR}", directory.Path, StringComparison.Ordinal), cancellationToken);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var loaded = AgentConfiguration.Load(file);
        Assert.Empty(loaded.Errors);
        builder.AddAgentServices(loaded.Options!, LogLevel.Warning);
        builder.Services.AddSingleton(transport);
        builder.Services.AddSingleton(resolver);
        if (time is not null)
            builder.Services.AddSingleton(time);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new TestAgent(host, directory.Path, socket);
    }

    public static string Config(string iface, string prefix, string extra = "") => $$"""
        {
          "stateDirectory": "{DIR}/state",
          "statusSocket": "{DIR}/agent.sock",
          "seqnoSaveInterval": "1s",
          "interfaces": [ { "name": "{{iface}}", "helloInterval": "100ms", "updateInterval": "400ms" } ],
          "announce": [ { "prefix": "{{prefix}}" } ]
          {{extra}}
        }
        """;

    public async Task<StatusReport> StatusAsync(bool summaryOnly, CancellationToken cancellationToken)
    {
        var json = await StatusClient.RequestAsync(Socket, summaryOnly, TimeSpan.FromSeconds(5), cancellationToken);
        return JsonSerializer.Deserialize(json, StatusJsonContext.Default.StatusReport)!;
    }

    /// <summary>Polls status until <paramref name="condition"/> holds; bounded in attempts and time.</summary>
    public async Task<StatusReport> WaitForAsync(Func<StatusReport, bool> condition, CancellationToken cancellationToken, int attempts = 100)
    {
        StatusReport? last = null;
        for (var i = 0; i < attempts; i++)
        {
            last = await StatusAsync(summaryOnly: false, cancellationToken);
            if (condition(last))
                return last;
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        Assert.Fail($"condition not reached after {attempts} status polls; last report: {JsonSerializer.Serialize(last, StatusJsonContext.Default.StatusReport!)}");
        return last!;
    }

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public Task StopAsync(CancellationToken cancellationToken) => _host.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }

    public static ResolvedInterface Interface(string name, int index, string linkLocal) => new(name, index, 1500, IPAddress.Parse(linkLocal));
}
