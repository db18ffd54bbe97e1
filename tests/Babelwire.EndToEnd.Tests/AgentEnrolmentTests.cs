using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.Hosting;
using Babelwire.Shared.Api;
using Babelwire.Shared.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Babelwire.EndToEnd.Tests;

/// <summary>The agent against the real controller: enrolment over HTTP, then its hub over SignalR (real PostgreSQL, loopback).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class AgentEnrolmentTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("babelwire-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class NoState : IAgentStateSource
    {
        public Task<AgentStateDto> SnapshotAsync(CancellationToken cancellationToken) => Task.FromResult(new AgentStateDto(0, "e2e", [], [], []));
    }

    /// <summary>The agent's control plane alone in a host, as the agent registers it; returns it once enrolled.</summary>
    private async Task<IHost> StartAgentAsync(Uri controller, string token, CancellationToken ct, string name = "e2e-agent", string endpoint = "192.0.2.44:51820")
    {
        var dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "agent.json");
        await File.WriteAllTextAsync(file, $$"""
            {
              "stateDirectory": "{{dir}}/state",
              "statusSocket": "{{dir}}/agent.sock",
              "wireguard": { "interface": "wge2e" },
              "controller": { "url": "{{controller}}", "token": "{{token}}", "nodeName": "{{name}}", "endpoints": [ "{{endpoint}}" ] }
            }
            """, ct);
        var loaded = AgentConfiguration.Load(file);
        Assert.Empty(loaded.Errors);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(loaded.Options!));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AgentExit>();
        builder.Services.AddSingleton<IAgentStateSource>(new NoState());
        builder.Services.AddControlPlaneServices(loaded.Options!);
        var host = builder.Build();
        try
        {
            await host.StartAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }

    [Fact]
    public async Task An_agent_enrols_with_a_token_from_the_admin_api_keeps_the_enrolment_and_is_a_node_of_the_controller()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.Server.CreateDatabaseAsync("e2e", ct);
        await using var controller = new RealController(postgres.Server.ConnectionString(database));
        var url = controller.Start();
        using var admin = controller.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "e2e", maxUses = 1 }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<CreatedEnrolmentTokenDto>(ct))!.Secret;

        var agent = await StartAgentAsync(url, token, ct);
        var enrolment = agent.Services.GetRequiredService<ControlPlaneState>().Enrolment!;
        await StopAsync(agent);

        var response = enrolment.Response;
        Assert.True(IPNetwork.Parse("198.18.0.0/16").Contains(IPNetwork.Parse(response.OverlayIPv4).BaseAddress), response.OverlayIPv4);
        Assert.True(IPNetwork.Parse("fd00:b:1::/48").Contains(IPNetwork.Parse(response.OverlayIPv6).BaseAddress), response.OverlayIPv6);
        // The node as the controller stored it (read from its database: the nodes API is not there yet).
        await using (var connection = new NpgsqlConnection(postgres.Server.ConnectionString(database)))
        {
            await connection.OpenAsync(ct);
            await using var query = new NpgsqlCommand("SELECT name, public_key, endpoints::text FROM nodes WHERE id = $1", connection) { Parameters = { new() { Value = response.NodeId } } };
            await using var row = await query.ExecuteReaderAsync(ct);
            Assert.True(await row.ReadAsync(ct));
            Assert.Equal(("e2e-agent", enrolment.PublicKey), (row.GetString(0), row.GetString(1)));
            Assert.Contains("192.0.2.44:51820", row.GetString(2), StringComparison.Ordinal);
        }
        var stored = Path.Combine(_dir, "e2e-agent", "state", ControlPlaneStore.EnrolmentFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));

        // Restarted, it uses the stored enrolment: the single-use token is not needed again.
        var again = await StartAgentAsync(url, "used-up", ct);
        var reused = again.Services.GetRequiredService<ControlPlaneState>().Enrolment!.Response;
        Assert.Equal((response.NodeId, response.HubCredential), (reused.NodeId, reused.HubCredential));
        await StopAsync(again);
    }

    [Fact]
    public async Task A_token_the_controller_does_not_know_stops_the_agent_with_the_controllers_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.Server.CreateDatabaseAsync("e2e", ct);
        await using var controller = new RealController(postgres.Server.ConnectionString(database));
        var url = controller.Start();

        var e = await Assert.ThrowsAsync<EnrolmentRejectedException>(() => StartAgentAsync(url, "not-a-token", ct));

        Assert.Matches(@"the controller refused the enrolment: 4\d\d ", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "e2e-agent", "state", ControlPlaneStore.EnrolmentFile)));
    }

    [Fact]
    public async Task Two_agents_enrolled_with_one_token_connect_to_the_hub_and_each_gets_the_other_as_its_peer()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.Server.CreateDatabaseAsync("e2e", ct);
        await using var controller = new RealController(postgres.Server.ConnectionString(database));
        var url = controller.Start();
        using var admin = controller.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "e2e", maxUses = 2 }, ct);
        var token = (await created.Content.ReadFromJsonAsync<CreatedEnrolmentTokenDto>(ct))!.Secret;

        var a = await StartAgentAsync(url, token, ct, "alpha", "192.0.2.41:51820");
        var b = await StartAgentAsync(url, token, ct, "beta", "192.0.2.42:51820");
        try
        {
            var peersOfA = a.Services.GetRequiredService<ControllerPeerSource>();
            var peersOfB = b.Services.GetRequiredService<ControllerPeerSource>();
            var keyOfA = a.Services.GetRequiredService<ControlPlaneState>().Enrolment!.PublicKey;
            var keyOfB = b.Services.GetRequiredService<ControlPlaneState>().Enrolment!.PublicKey;
            for (var i = 0; i < 200 && !(peersOfA.Peers.Count == 1 && peersOfB.Peers.Count == 1); i++)
                await Task.Delay(50, ct);

            // Each has the other (itself left out), with the endpoint it enrolled with, from the hub (on connect or pushed).
            var peerOfA = Assert.Single(peersOfA.Peers);
            Assert.Equal((keyOfB, "192.0.2.42:51820"), (peerOfA.PublicKey.ToString(), peerOfA.Endpoint!.ToString()));
            var peerOfB = Assert.Single(peersOfB.Peers);
            Assert.Equal((keyOfA, "192.0.2.41:51820"), (peerOfB.PublicKey.ToString(), peerOfB.Endpoint!.ToString()));
            Assert.Equal(ControlPlanePhase.Connected, a.Services.GetRequiredService<ControlPlaneState>().Phase);

            var id = b.Services.GetRequiredService<ControlPlaneState>().Enrolment!.Response.NodeId;
            NodeDto? node = null;
            for (var i = 0; i < 100 && node?.Online != true; i++)
            {
                node = await admin.GetFromJsonAsync<NodeDto>($"/api/v1/nodes/{id}", ct);
                await Task.Delay(50, ct);
            }
            Assert.True(node!.Online);
            Assert.Equal("beta", node.Name);
        }
        finally
        {
            await StopAsync(a);
            await StopAsync(b);
        }
    }
}
