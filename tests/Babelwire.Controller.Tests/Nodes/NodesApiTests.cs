using System.Net;
using System.Net.Http.Json;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Services;
using Babelwire.Controller.Tests.Hub;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Api;
using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Controller.Tests.Nodes;

public sealed class NodesApiTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private async Task<(ControllerFactory Controller, Uri BaseUri)> StartControllerAsync(CancellationToken ct)
    {
        var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("nodes", ct),
            services: s => s.AddSingleton<IAgentStateSink>(new RecordingStateSink()));
        return (controller, controller.Start());
    }

    [Fact]
    public async Task Nodes_are_listed_filtered_by_status_and_tag_and_fetched_one_by_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri) = await StartControllerAsync(ct);
        await using var _c = controller;
        var web = await TestNodes.SeedAsync(controller.ConnectionString, ct, tags: ["web"]);
        var db = await TestNodes.SeedAsync(controller.ConnectionString, ct, tags: ["db"], status: NodeStatus.Disabled);
        await controller.Services.GetRequiredService<IMeshChangeNotifier>().NodeChangedAsync(web.Id, ct);
        await using var agent = await TestAgent.ConnectAsync(baseUri, web, ct);
        using var admin = controller.CreateAdminClient();

        var all = await admin.GetFromJsonAsync<NodeDto[]>("/api/v1/nodes", ct);
        var disabled = await admin.GetFromJsonAsync<NodeDto[]>("/api/v1/nodes?status=disabled", ct);
        var tagged = await admin.GetFromJsonAsync<NodeDto[]>("/api/v1/nodes?tag=web", ct);
        var one = await admin.GetFromJsonAsync<NodeDto>($"/api/v1/nodes/{web.Id}", ct);

        Assert.Equal(2, all!.Length);
        Assert.Equal(db.Id, Assert.Single(disabled!).Id);
        Assert.Equal("disabled", disabled![0].Status);
        Assert.Equal(web.Id, Assert.Single(tagged!).Id);
        Assert.Equal(web.Name, one!.Name);
        Assert.Equal("active", one.Status);
        Assert.True(one.Online);
        Assert.Equal("test-1.0", one.AgentVersion);
        Assert.NotNull(one.LastSeenAt);
        Assert.False(all.Single(n => n.Id == db.Id).Online);
    }

    [Fact]
    public async Task Unknown_ids_and_bad_filters_get_problem_details()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        using var admin = controller.CreateAdminClient();
        var id = Guid.NewGuid();

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/api/v1/nodes/{id}"),
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/nodes/{id}/disable"),
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/nodes/{id}/enable"),
            new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/nodes/{id}"),
        })
        {
            using var response = await admin.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ct);
            Assert.Equal(404, problem!.Status);
            Assert.Equal("Node not found", problem.Title);
            Assert.Contains(id.ToString(), problem.Detail);
        }
        using var bad = await admin.GetAsync("/api/v1/nodes?status=sleeping", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using var anonymous = await controller.CreateClient().GetAsync("/api/v1/nodes", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_disabled_node_leaves_the_peer_set_and_comes_back_when_enabled()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        var watcher = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await controller.Services.GetRequiredService<IMeshChangeNotifier>().NodeChangedAsync(node.Id, ct);
        await using var agent = await TestAgent.ConnectAsync(baseUri, watcher, ct);
        using var admin = controller.CreateAdminClient();

        using var disable = await admin.PostAsync($"/api/v1/nodes/{node.Id}/disable", null, ct);
        var removed = await agent.WaitForDeltaAsync(d => d.RemovedPublicKeys.Contains(node.PublicKey), Bound, ct);
        using var enable = await admin.PostAsync($"/api/v1/nodes/{node.Id}/enable", null, ct);
        var back = await agent.WaitForDeltaAsync(d => d.Upserted.Any(p => p.NodeId == node.Id), Bound, ct);

        Assert.Equal("disabled", (await disable.Content.ReadFromJsonAsync<NodeDto>(ct))!.Status);
        Assert.Equal("active", (await enable.Content.ReadFromJsonAsync<NodeDto>(ct))!.Status);
        Assert.Equal(removed.Version, back.FromVersion);
        var set = await agent.Connection.InvokeAsync<PeerSetDto>(nameof(IAgentHub.GetPeerSet), ct);
        Assert.Contains(set.Peers, p => p.NodeId == node.Id);
        Assert.Equal(back.Version, set.Version);
        await using var reconnected = await TestAgent.ConnectAsync(baseUri, node, ct);
        Assert.Equal(node.Id, reconnected.Session!.NodeId);
    }

    [Fact]
    public async Task A_deleted_node_leaves_every_peer_set_its_agent_is_revoked_and_its_addresses_are_released()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        var watcher = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await using var nodeAgent = await TestAgent.ConnectAsync(baseUri, node, ct);
        await using var watcherAgent = await TestAgent.ConnectAsync(baseUri, watcher, ct);
        using var admin = controller.CreateAdminClient();

        using var response = await admin.DeleteAsync($"/api/v1/nodes/{node.Id}", ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await watcherAgent.WaitForDeltaAsync(d => d.RemovedPublicKeys.Contains(node.PublicKey), Bound, ct);
        Assert.Contains("deleted", await nodeAgent.Revoked.Task.WaitAsync(Bound, ct));
        await nodeAgent.Closed.Task.WaitAsync(Bound, ct);
        using var gone = await admin.GetAsync($"/api/v1/nodes/{node.Id}", ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await using var db = TestNodes.OpenDatabase(controller.ConnectionString);
        var leases = await db.AddressLeases.Where(l => l.NodeId == node.Id).ToListAsync(ct);
        Assert.Equal(2, leases.Count);
        Assert.All(leases, l => Assert.NotNull(l.ReleasedAt));
        Assert.Contains(await db.Events.Where(e => e.NodeId == node.Id).Select(e => e.Kind).ToListAsync(ct), k => k == MeshEventKinds.NodeDeleted);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => TestAgent.StartAsync(baseUri, node.Credential, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
