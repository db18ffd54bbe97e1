using System.Diagnostics;
using System.Security.Cryptography;
using Babelwire.Bench.Controller;
using Babelwire.Shared;
using Babelwire.Testing;

namespace Babelwire.Bench.Dashboard;

/// <summary>
/// The controller benchmark's setup for the dashboard rows: a fresh durable PostgreSQL and the controller's Release
/// build (with the dashboard's admin account from <c>Dashboard__Admin__UserName</c> / <c>__Password</c>), N simulated
/// agents on a ring (each node's neighbours the <c>neighboursEachSide</c> nodes either side of it) enrolled through
/// the REST API, connected, full state reported, and their regular deltas running.
/// </summary>
internal sealed class DashboardMesh : IAsyncDisposable
{
    private readonly PostgresServer _postgres;
    private readonly ControlPlaneClient _api;
    private readonly AgentFleet _fleet;

    private DashboardMesh(PostgresServer postgres, ControllerProcess controller, ControlPlaneClient api, AgentFleet fleet, string password, TimeSpan interval)
    {
        _postgres = postgres;
        Controller = controller;
        _api = api;
        _fleet = fleet;
        Password = password;
        Interval = interval;
    }

    public ControllerProcess Controller { get; }

    public ControlPlaneClient Api => _api;

    public IReadOnlyList<SimulatedAgent> Agents => _fleet.Agents;

    public AgentFleet Fleet => _fleet;

    public string Password { get; }

    public TimeSpan Interval { get; }

    public TimeSpan SetupTime { get; private set; }

    public static async Task<DashboardMesh> StartAsync(string controllerDll, int agents, int neighboursEachSide, Action<string> log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var workDirectory = Directory.CreateTempSubdirectory("babelwire-dashbench-").FullName;
        log($"{agents} agents: PostgreSQL and controller (log {workDirectory}/controller.log)");
        var postgres = await PostgresServer.StartAsync(durable: true, cancellationToken);
        ControllerProcess? controller = null;
        ControlPlaneClient? api = null;
        AgentFleet? fleet = null;
        try
        {
            var connectionString = await postgres.CreateDatabaseAsync("bench", cancellationToken);
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            controller = await ControllerProcess.StartAsync(
                controllerDll, connectionString, ControllerRun.AdminKey, Path.Combine(workDirectory, "controller.log"), cancellationToken,
                new Dictionary<string, string>
                {
                    ["Dashboard__Admin__UserName"] = DashboardBrowserHost.UserName,
                    ["Dashboard__Admin__Password"] = password,
                });
            api = new ControlPlaneClient(controller.BaseUri, ControllerRun.AdminKey);
            var token = await api.CreateTokenAsync("bench", cancellationToken);
            var ring = Enumerable.Range(0, agents).Select(ControllerRun.NewNode).ToArray();
            log($"{agents} agents: enrolling");
            var interval = await ControllerRun.EnrolAllAsync(api, token, ring, 16, log, cancellationToken);
            var counters = new FleetCounters();
            var now = TimeProvider.System.GetUtcNow();
            var simulated = ring.Select(n => new SimulatedAgent(
                n, new AgentStateModel(ring, n.Index, now, neighboursEachSide: neighboursEachSide), counters, TimeProvider.System)).ToList();
            fleet = new AgentFleet(simulated, counters);
            log($"{agents} agents: connecting");
            await fleet.ConnectAllAsync(new Uri(controller.BaseUri, ControlPlaneRoutes.AgentHub.TrimStart('/')), 32,
                done => { if (done % 1000 == 0) log($"  {done} connected"); }, cancellationToken);
            fleet.StartLoops(interval);
            var mesh = new DashboardMesh(postgres, controller, api, fleet, password, interval) { SetupTime = clock.Elapsed };
            log($"{agents} agents: connected, deltas every {interval.TotalSeconds:F0} s ({clock.Elapsed.TotalSeconds:F0} s setup)");
            return mesh;
        }
        catch
        {
            if (fleet is not null)
            {
                await fleet.DisposeAsync();
            }
            api?.Dispose();
            if (controller is not null)
            {
                await controller.DisposeAsync();
            }
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the controller's links API lists <paramref name="links"/> links up (bounded).</summary>
    public async Task<int> WaitForLinksAsync(int links, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var up = 0;
        while (clock.Elapsed < timeout)
        {
            up = (await _api.LinksAsync(cancellationToken)).Count(l => l.Up);
            if (up >= links)
            {
                break;
            }
            await Task.Delay(500, cancellationToken);
        }
        return up;
    }

    public async ValueTask DisposeAsync()
    {
        await _fleet.DisposeAsync();
        _api.Dispose();
        await Controller.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
