using System.Diagnostics;
using System.Globalization;
using System.Net;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.Status;
using Babelwire.Agent.WireGuard;
using Babelwire.Bench.Controller;
using Babelwire.Shared;
using Babelwire.Shared.Enrolment;
using Babelwire.Shared.Mesh;
using Babelwire.Shared.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Babelwire.Bench.ChangeReport;

/// <summary>
/// Issue 8: how soon a neighbour or route change reaches the controller. The agent's real control plane
/// (<see cref="AgentHubClient"/>, registered as the agent does, with a kept enrolment so nothing is enrolled) talks
/// SignalR over loopback to an in-process Kestrel hub; the engine is replaced by a state the bench sets. Each sample
/// gives one route a unique metric, signals <see cref="StateChanges"/> as the engine loop does, and times until the
/// hub receives the delta carrying that metric. The report interval stays at its default (10 s), so the periodic
/// tick plays no part.
/// </summary>
internal static class ChangeReportBenchmark
{
    public static readonly Guid NodeId = Guid.Parse("0b7e2c1a-0000-4000-8000-0000000000b8");

    private const string Name = "Change report (issue 8)";
    private const int Samples = 120;
    private const int Burst = 20;
    private static readonly TimeSpan FlapFor = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FlapEvery = TimeSpan.FromMilliseconds(10);
    private static readonly MeshSettingsDto Settings = new("fd00:b1::/48", "198.18.0.0/16", TimeSpan.FromSeconds(10));

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(CancellationToken cancellationToken)
    {
        var probe = new ChangeReportProbe();
        var dir = Directory.CreateTempSubdirectory("babelwire-changebench-");
        var web = await StartHubAsync(probe, cancellationToken).ConfigureAwait(false);
        try
        {
            var url = new Uri(web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var source = new SettableStateSource { State = State(0) };
            using var agent = BuildAgent(dir.FullName, url, source);
            await agent.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await probe.FirstReport.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                var changes = agent.Services.GetRequiredService<StateChanges>();
                var window = agent.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AgentOptions>>().Value.Controller!.ChangeCoalescingWindow;
                var latencies = await MeasureAsync(probe, source, changes, cancellationToken).ConfigureAwait(false);
                var burst = await BurstAsync(probe, source, changes, latencies.Count, window, cancellationToken).ConfigureAwait(false);
                var (flapDeltas, flapWindows) = await FlapAsync(probe, source, changes, window, cancellationToken).ConfigureAwait(false);
                var summary = LatencySummary.Of(latencies);
                var inv = CultureInfo.InvariantCulture;
                return
                [
                    new(Name, $"agent control plane → in-process hub, window {window.TotalMilliseconds.ToString(inv)} ms", "route change signalled → delta at the hub",
                        string.Create(inv, $"median {summary.P50:F1} ms, p95 {summary.P95:F1} ms, max {summary.Max:F1} ms (n = {summary.Count})"), "< 500 ms"),
                    new(Name, $"{Burst} changes, one every 1 ms", "deltas sent", burst.ToString(inv), "1"),
                    new(Name, $"neighbour flapping every {FlapEvery.TotalMilliseconds.ToString(inv)} ms for {FlapFor.TotalSeconds.ToString(inv)} s",
                        "deltas sent", string.Create(inv, $"{flapDeltas} ({flapWindows} windows)"), $"≤ one per window"),
                ];
            }
            finally
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await agent.StopAsync(stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            await web.DisposeAsync().ConfigureAwait(false);
            dir.Delete(recursive: true);
        }
    }

    private static async Task<List<double>> MeasureAsync(ChangeReportProbe probe, SettableStateSource source, StateChanges changes, CancellationToken cancellationToken)
    {
        var random = new Random(8);
        var latencies = new List<double>(Samples);
        for (var i = 1; i <= Samples; i++)
        {
            var arrival = probe.Expect(Marker(i));
            source.State = State(i);
            var signalled = Stopwatch.GetTimestamp();
            changes.Notify();
            var at = await arrival.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(signalled, at).TotalMilliseconds);
            // Not in step with the agent: the next change comes a random 0-40 ms after this delta.
            await Task.Delay(random.Next(0, 40), cancellationToken).ConfigureAwait(false);
        }
        return latencies;
    }

    /// <summary>A burst of changes, one a millisecond: deltas the hub received for it (waited for 3 windows after the last).</summary>
    private static async Task<int> BurstAsync(ChangeReportProbe probe, SettableStateSource source, StateChanges changes, int done, TimeSpan window, CancellationToken cancellationToken)
    {
        await Task.Delay(3 * window, cancellationToken).ConfigureAwait(false);
        var before = probe.Deltas;
        for (var i = 1; i <= Burst; i++)
        {
            source.State = State(done + i);
            changes.Notify();
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
        await Task.Delay(3 * window, cancellationToken).ConfigureAwait(false);
        return probe.Deltas - before;
    }

    /// <summary>One neighbour's cost toggled every <see cref="FlapEvery"/>: deltas received, and how many windows the flapping lasted.</summary>
    private static async Task<(int Deltas, int Windows)> FlapAsync(ChangeReportProbe probe, SettableStateSource source, StateChanges changes, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = probe.Deltas;
        var start = Stopwatch.GetTimestamp();
        var steady = source.State;
        for (var i = 0; Stopwatch.GetElapsedTime(start) < FlapFor; i++)
        {
            source.State = steady with { Neighbours = [steady.Neighbours[0] with { Cost = i % 2 == 0 ? 65535 : 96 }] };
            changes.Notify();
            await Task.Delay(FlapEvery, cancellationToken).ConfigureAwait(false);
        }
        var lasted = Stopwatch.GetElapsedTime(start);
        await Task.Delay(3 * window, cancellationToken).ConfigureAwait(false);
        return (probe.Deltas - before, (int)Math.Ceiling(lasted / window));
    }

    private static int Marker(int i) => 1000 + i;

    private static AgentStateDto State(int sample) => new(
        0, "bench",
        [new NeighbourStateDto("fe80::7", null, "wgb0", 96, 96, 96, 1.5)],
        [new RouteStateDto("198.18.0.7/32", Marker(sample), "02:00:00:00:00:00:00:07", "fe80::7", null, true)],
        [new PeerStatsDto("peer", "192.0.2.7:51820", null, 10, 20)]);

    private static async Task<WebApplication> StartHubAsync(ChangeReportProbe probe, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSignalR();
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton(Settings);
        var app = builder.Build();
        app.MapHub<ChangeReportHub>(ControlPlaneRoutes.AgentHub);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    /// <summary>The control plane as <see cref="AgentServiceExtensions.AddAgentServices"/> registers it, enrolled already (a kept enrolment).</summary>
    private static IHost BuildAgent(string dir, Uri url, SettableStateSource source)
    {
        var keyFile = Path.Combine(dir, "wg.key");
        WireGuardKeyFile.Write(keyFile, WireGuardKey.GeneratePrivateKey());
        var publicKey = WireGuardKeyFile.Load(keyFile).DerivePublicKey();
        var stateDir = Path.Combine(dir, "state");
        Directory.CreateDirectory(stateDir);
        var config = Path.Combine(dir, "agent.json");
        File.WriteAllText(config, $$"""
            {
              "stateDirectory": "{{stateDir}}",
              "statusSocket": "{{Path.Combine(dir, "agent.sock")}}",
              "wireguard": { "interface": "wgb0", "privateKeyFile": "{{keyFile}}" },
              "controller": { "url": "{{url}}", "nodeName": "bench", "endpoints": [ "192.0.2.1:51820" ] }
            }
            """);
        var loaded = AgentConfiguration.Load(config);
        var options = loaded.Options ?? throw new InvalidOperationException(string.Join("; ", loaded.Errors));
        new ControlPlaneStore(stateDir).SaveEnrolment(new StoredEnrolment(
            options.Controller!.Url!.AbsoluteUri, publicKey.ToString(), DateTimeOffset.UtcNow,
            new EnrolmentResponse(NodeId, "bench", "credential", "fd00:b1::5/128", "198.18.0.5/32", [], Settings)));

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        var services = builder.Services;
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AgentExit>();
        services.AddSingleton<IAgentStateSource>(source);
        services.AddControlPlaneServices(options);
        return builder.Build();
    }
}
