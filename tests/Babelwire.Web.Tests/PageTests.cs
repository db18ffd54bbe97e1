using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;
using Babelwire.Web.Components;
using Babelwire.Web.Components.Pages;
using Bunit;
using static Babelwire.Web.Tests.Fakes.Mesh;

namespace Babelwire.Web.Tests;

public sealed class PageTests : DashboardTest
{
    public static TheoryData<Type> Pages => new(typeof(Home), typeof(Nodes), typeof(Events), typeof(Tokens), typeof(ApiKeys), typeof(Settings));

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_page_renders_with_an_empty_mesh(Type page)
    {
        var cut = Render(builder => { builder.OpenComponent(0, page); builder.CloseComponent(); });

        Assert.Empty(cut.FindAll("[data-testid=database-unavailable]"));
        Assert.Empty(cut.FindAll("[data-testid=problem]"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_page_shows_the_banner_when_the_database_is_away(Type page)
    {
        Admin.Problem = new AdminProblem(AdminProblemKind.Unavailable, "Database unavailable");
        _ = Feed.PublishAsync(View(database: false, nodes: [Node(1, online: false)]));

        var cut = Render(builder => { builder.OpenComponent(0, page); builder.CloseComponent(); });

        Assert.NotEmpty(cut.FindAll("[data-testid=database-unavailable]"));
    }

    [Fact]
    public void The_node_detail_page_renders_for_an_unknown_node()
    {
        var cut = Render<NodeDetail>(p => p.Add(x => x.Id, Id(42)));

        cut.Find("[data-testid=node-not-found]");
    }

    [Fact]
    public void A_page_subscribes_while_shown_and_unsubscribes_when_disposed()
    {
        var cut = Render<Nodes>();
        Assert.Equal(1, Feed.Subscribers);

        cut.Instance.Dispose();

        Assert.Equal(0, Feed.Subscribers);
    }

    [Fact]
    public async Task Offline_and_disabled_nodes_are_shown_as_such_and_follow_the_feed()
    {
        await Feed.PublishAsync(View(nodes: [Node(1, "alpha"), Node(2, "bravo", online: false), Node(3, "charlie", disabled: true)]));
        var cut = Render<Nodes>();

        Assert.Equal(["online", "offline", "disabled"], cut.FindAll("[data-testid=node-state]").Select(e => e.GetAttribute("data-state")));

        await cut.InvokeAsync(() => Feed.PublishAsync(View(version: 2, nodes: [Node(1, "alpha", online: false), Node(2, "bravo"), Node(3, "charlie", disabled: true)])));

        cut.WaitForAssertion(() =>
            Assert.Equal(["offline", "online", "disabled"], cut.FindAll("[data-testid=node-state]").Select(e => e.GetAttribute("data-state"))));
    }

    [Fact]
    public async Task The_node_list_renders_a_burst_of_feed_changes_at_most_once_a_second()
    {
        await Feed.PublishAsync(View(nodes: [Node(1, "alpha")]));
        var cut = Render<Nodes>();
        int Rows() => cut.FindAll("[data-testid=node-name]").Count;

        // The first change after a quiet second is drawn at once...
        await cut.InvokeAsync(() => Feed.PublishAsync(View(version: 2, nodes: [Node(1, "alpha"), Node(2, "bravo")])));
        cut.WaitForAssertion(() => Assert.Equal(2, Rows()));

        // ...the next ones within that second wait for its end, and only the newest is drawn.
        await cut.InvokeAsync(() => Feed.PublishAsync(View(version: 3, nodes: [Node(1, "alpha"), Node(2, "bravo"), Node(3, "charlie")])));
        await cut.InvokeAsync(() => Feed.PublishAsync(View(version: 4, nodes: [Node(1, "alpha"), Node(2, "bravo"), Node(3, "charlie"), Node(4, "delta")])));
        Assert.Equal(2, Rows());
        Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal(4, Rows()));
    }

    [Fact]
    public async Task The_node_list_searches_filters_and_sorts()
    {
        await Feed.PublishAsync(View(nodes:
        [
            Node(1, "alpha", tags: "edge"),
            Node(2, "bravo", online: false, tags: "core"),
            Node(3, "charlie", disabled: true, tags: "edge"),
        ]));
        var cut = Render<Nodes>();
        IEnumerable<string> Names() => cut.FindAll("[data-testid=node-name]").Select(e => e.TextContent);

        Assert.Equal(["alpha", "bravo", "charlie"], Names());

        cut.Find("[data-testid=sort-name]").Click();
        Assert.Equal(["charlie", "bravo", "alpha"], Names());

        cut.Find("[data-testid=node-tag-filter]").Change("edge");
        Assert.Equal(["charlie", "alpha"], Names());

        cut.Find("[data-testid=node-state-filter]").Change("disabled");
        Assert.Equal(["charlie"], Names());

        cut.Find("[data-testid=node-tag-filter]").Change("");
        cut.Find("[data-testid=node-state-filter]").Change("");
        cut.Find("[data-testid=node-search]").Input("198.18.0.2");
        Assert.Equal(["bravo"], Names());

        cut.Find("[data-testid=node-search]").Input("nothing-like-this");
        cut.Find("[data-testid=nodes-none-match]");
    }

    [Theory]
    [InlineData(AdminProblemKind.Unavailable, "database-unavailable")]
    [InlineData(AdminProblemKind.NotFound, "problem")]
    [InlineData(AdminProblemKind.Invalid, "problem")]
    public void A_refused_token_creation_shows_a_message_not_an_exception(AdminProblemKind kind, string testId)
    {
        var cut = Render<Tokens>();
        Admin.Problem = new AdminProblem(kind, "Refused", "because", kind == AdminProblemKind.Invalid ? new Dictionary<string, string[]> { ["name"] = ["is required"] } : null);

        cut.Find("[data-testid=token-name]").Change("x");
        cut.Find("[data-testid=token-create-form]").Submit();

        var message = cut.Find($"[data-testid={testId}]");
        if (kind == AdminProblemKind.Invalid)
            Assert.Contains("is required", message.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=secret-once]"));
    }

    [Fact]
    public void A_new_token_secret_is_shown_once_with_the_agent_configuration()
    {
        var cut = Render<Tokens>();

        cut.Find("[data-testid=token-name]").Change("rack-1");
        cut.Find("[data-testid=token-tags]").Change("edge, lab");
        cut.Find("[data-testid=token-create-form]").Submit();

        Assert.Equal("bwt_secret_123", cut.Find("[data-testid=secret-value]").TextContent);
        cut.Find("[data-testid=snippet-node-name]").Input("edge-7");
        var config = System.Text.Json.JsonDocument.Parse(cut.Find("[data-testid=agent-config]").TextContent).RootElement;
        var controller = config.GetProperty("controller");
        Assert.Equal("http://localhost", controller.GetProperty("url").GetString());
        Assert.Equal("bwt_secret_123", controller.GetProperty("token").GetString());
        Assert.Equal("edge-7", controller.GetProperty("nodeName").GetString());
        Assert.Equal("bw0", config.GetProperty("wireguard").GetProperty("interface").GetString());
        Assert.Equal(["edge", "lab"], Admin.Tokens.Single().Tags);
        cut.Find("[data-testid=token-row]");

        cut.Find("[data-testid=secret-dismiss]").Click();

        Assert.Empty(cut.FindAll("[data-testid=secret-once]"));
        Assert.DoesNotContain("bwt_secret_123", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoking_the_last_api_key_shows_the_refusal()
    {
        Admin.Keys.Add(new ApiKeyDto(Guid.NewGuid(), "only", Fakes.FakeAdministration.Now, null, null));
        var cut = Render<ApiKeys>();

        cut.Find("[data-testid=key-revoke]").Click();
        Admin.Problem = new AdminProblem(AdminProblemKind.Conflict, "The last active API key cannot be revoked");
        cut.Find("[data-testid=key-revoke-confirm]").Click();

        Assert.Contains("last active API key", cut.Find("[data-testid=problem]").TextContent, StringComparison.Ordinal);
        Assert.Contains("revoke-key", Admin.Calls);
    }

    [Fact]
    public void A_stale_settings_version_is_shown_as_a_conflict()
    {
        var cut = Render<Settings>();

        cut.Find("[data-testid=settings-report-interval]").Change("00:00:10");
        Admin.Problem = new AdminProblem(AdminProblemKind.Conflict, "Stale version");
        cut.Find("[data-testid=settings-form]").Submit();

        cut.Find("[data-testid=settings-conflict]");
        Admin.Problem = null;
        cut.Find("[data-testid=settings-reload]").Click();
        Assert.Empty(cut.FindAll("[data-testid=settings-conflict]"));
    }

    [Fact]
    public void Saving_settings_sends_the_version_and_shows_the_new_one()
    {
        var cut = Render<Settings>();

        cut.Find("[data-testid=settings-report-interval]").Change("00:00:10");
        cut.Find("[data-testid=settings-form]").Submit();

        Assert.Contains("version 4", cut.Find("[data-testid=settings-saved]").TextContent, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), Admin.Settings.StateReportInterval);
    }

    [Fact]
    public void Deleting_a_node_asks_first()
    {
        _ = Feed.PublishAsync(View(nodes: [Node(1)]));
        var cut = Render<NodeDetail>(p => p.Add(x => x.Id, Id(1)));

        cut.Find("[data-testid=node-delete]").Click();
        Assert.DoesNotContain("delete", Admin.Calls);
        cut.Find("[data-testid=node-delete-confirm]").Click();

        Assert.Contains("delete", Admin.Calls);
        cut.Find("[data-testid=node-not-found]");
    }

    [Fact]
    public void A_refused_disable_shows_the_problem()
    {
        _ = Feed.PublishAsync(View(nodes: [Node(1)]));
        var cut = Render<NodeDetail>(p => p.Add(x => x.Id, Id(1)));
        Admin.Problem = new AdminProblem(AdminProblemKind.NotFound, "No such node");

        cut.Find("[data-testid=node-disable]").Click();
        cut.Find("[data-testid=node-disable-confirm]").Click();

        Assert.Equal("NotFound", cut.Find("[data-testid=problem]").GetAttribute("data-kind"));
    }

    [Fact]
    public void The_node_detail_page_shows_neighbours_peers_and_routes()
    {
        _ = Feed.PublishAsync(View(nodes: [Node(1), Node(2, online: false)], links: [Link(1, 2, 96, 300)], routes: [Route(1, 2, via: 2)]));

        var cut = Render<NodeDetail>(p => p.Add(x => x.Id, Id(1)));

        var neighbour = cut.Find("[data-testid=neighbour-row]").TextContent;
        Assert.Contains("node-2", neighbour, StringComparison.Ordinal);
        Assert.Contains("300", neighbour, StringComparison.Ordinal);
        Assert.Contains("30 s ago", cut.Find("[data-testid=peer-row]").TextContent, StringComparison.Ordinal);
        Assert.Contains("fd00::2/128", cut.Find("[data-testid=route-row]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_events_page_filters_pages_older_and_requeries_on_feed_changes_at_most_once_a_second()
    {
        for (var i = 1; i <= Events.PageSize + 5; i++)
            Admin.Events.Add(new MeshEventDto(i, FakeNow, i % 2 == 0 ? MeshEventKinds.LinkUp : MeshEventKinds.LinkDown, Id(1), Id(2), null, $"event {i}"));
        var cut = Render<Events>();
        Assert.Equal(Events.PageSize, cut.FindAll("[data-testid=event-row]").Count);

        cut.Find("[data-testid=events-load-older]").Click();
        Assert.Equal(Events.PageSize + 5, cut.FindAll("[data-testid=event-row]").Count);

        var queries = Admin.EventQueries.Count;
        Admin.Events.Add(new MeshEventDto(1000, FakeNow, MeshEventKinds.NodeJoined, Id(3), null, null, "joined"));
        await cut.InvokeAsync(() => Feed.PublishAsync(View(version: 2)));
        cut.WaitForAssertion(() => Assert.Equal("1000", cut.FindAll("[data-testid=event-row]")[0].GetAttribute("data-event-id")));
        Assert.Equal(queries + 1, Admin.EventQueries.Count);

        // Two more changes within the second: one query, at the end of it.
        await cut.InvokeAsync(() => Feed.PublishAsync(View(version: 3)));
        await cut.InvokeAsync(() => Feed.PublishAsync(View(version: 4)));
        Assert.Equal(queries + 1, Admin.EventQueries.Count);
        Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal(queries + 2, Admin.EventQueries.Count));
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(queries + 2, Admin.EventQueries.Count);
        Assert.Equal(Events.PageSize + 6, cut.FindAll("[data-testid=event-row]").Count);

        cut.Find("[data-testid=event-kind-filter]").Change(MeshEventKinds.NodeJoined);
        Assert.Single(cut.FindAll("[data-testid=event-row]"));
        Assert.Equal([MeshEventKinds.NodeJoined], Admin.EventQueries[^1].Kinds);
    }

    private static readonly DateTimeOffset FakeNow = Fakes.FakeAdministration.Now;

    [Fact]
    public void The_problem_message_lists_field_errors()
    {
        var cut = Render<ProblemMessage>(p => p.Add(x => x.Problem, new AdminProblem(AdminProblemKind.Invalid, "Bad", null,
            new Dictionary<string, string[]> { ["overlayIPv6Prefix"] = ["must be a /64 or shorter"] })));

        Assert.Contains("must be a /64", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("Invalid", cut.Find("[data-testid=problem]").GetAttribute("data-kind"));
    }

    [Fact]
    public async Task The_map_page_traces_a_path_and_follows_a_reroute()
    {
        var nodes = new[] { Node(1, "a"), Node(2, "b"), Node(3, "c") };
        await Feed.PublishAsync(View(nodes: nodes, links: [Link(1, 2), Link(2, 3), Link(1, 3)],
            routes: [Route(1, 3, via: 3), Route(3, 1, via: 1)]));
        var cut = Render<Home>();

        cut.Find("[data-testid=path-from]").Change(Id(1).ToString());
        cut.Find("[data-testid=path-to]").Change(Id(3).ToString());
        Assert.Equal("a → c", cut.Find("[data-testid=path-forward] .hops").TextContent);
        cut.Find("[data-testid=path-ok]");

        await cut.InvokeAsync(() => Feed.PublishAsync(View(version: 2, nodes: nodes, links: [Link(1, 2), Link(2, 3), Link(1, 3, up: false)],
            routes: [Route(1, 3, via: 2), Route(2, 3, via: 3), Route(3, 1, via: 1)])));

        cut.WaitForAssertion(() => Assert.Equal("a → b → c", cut.Find("[data-testid=path-forward] .hops").TextContent));
        cut.Find("[data-testid=path-asymmetric]");
    }
}
