using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Babelwire.Agent.SystemTests.ControlPlane;
using Babelwire.Agent.SystemTests.Infrastructure;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Testing;
using Microsoft.Playwright;

namespace Babelwire.Agent.SystemTests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium, headless, through Playwright) against the real controller, a
/// throwaway PostgreSQL and four real agents on a ring underlay a — b — c — d — a. Management links from the root
/// namespace carry only the control plane, so cutting a-b leaves every agent connected: the map must show a-b down
/// and the path view must move a → b onto a — d — c — b. Screenshots land in <c>screenshots/</c> beside the tests.
/// </summary>
public sealed class DashboardBrowserTests
{
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(90);
    // Failover takes about 3 s here (1 s Hellos), and the map follows within a second; the rest is room for a loaded machine.
    private static readonly TimeSpan RerouteTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    [Fact(Timeout = 420_000)]
    public async Task The_dashboard_needs_a_sign_in_draws_every_node_and_link_follows_a_cut_on_the_map_and_the_path_and_manages_tokens()
    {
        var (agentDll, controllerDll) = Prerequisites.RequireDashboard();
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var clock = Stopwatch.StartNew();
        void Mark(string what) => output?.WriteLine($"{clock.Elapsed.TotalSeconds,7:F1} s  {what}");

        await using var postgres = await PostgresServer.StartAsync(cancellationToken: ct);
        var connectionString = await postgres.CreateDatabaseAsync("dashboard", ct);
        await using var mesh = await ControlledMesh.CreateWithManagementLinksAsync(
            agentDll, ["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")], ct);
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        await using var controller = new ControllerProcess(
            controllerDll, connectionString, mesh.FreeControllerEndpoint(),
            new Dictionary<string, string> { ["Dashboard__Admin__UserName"] = "admin", ["Dashboard__Admin__Password"] = password });
        MeshHost[] hosts = [mesh["a"], mesh["b"], mesh["c"], mesh["d"]];
        string Diagnostics() => mesh.Diagnostics(controller.Process);

        IPage? browserPage = null;

        // On a timeout: what the page's path panel says, the routes the controller holds, and every host's tables.
        string MapDiagnostics()
        {
            var routes = controller.RoutesAsync(CancellationToken.None).GetAwaiter().GetResult();
            var panel = browserPage?.GetByTestId("path-panel").InnerTextAsync().GetAwaiter().GetResult();
            return $"path panel: {panel}\ncontroller routes:\n  "
                + string.Join("\n  ", routes.OrderBy(r => r.NodeId).Select(r => $"{r.NodeId} {r.Prefix} via {r.NextHopNodeId} metric {r.Metric} at {r.UpdatedAt:HH:mm:ss.fff}"))
                + "\n" + Diagnostics();
        }


        await controller.StartAsync(ct);
        var token = await controller.CreateEnrolmentTokenAsync("dashboard system test", maxUses: hosts.Length, ct);
        foreach (var host in hosts)
        {
            await mesh.StartAgentAsync(host, controller.BaseUri, token, ct);
        }

        // The REST API first: four nodes online, the four ring links up, a's route to b direct.
        var nodes = await Poll.UntilAsync(
            "four nodes online", controller.NodesAsync, n => n.Count == 4 && n.All(x => x.Online), ConvergeTimeout, PollInterval, ct, Diagnostics);
        var id = hosts.ToDictionary(h => h.Name, h => nodes.Single(n => n.Name == h.Name).Id);
        (Guid, Guid) Pair(string x, string y) => id[x].CompareTo(id[y]) < 0 ? (id[x], id[y]) : (id[y], id[x]);
        (Guid, Guid)[] ring = [Pair("a", "b"), Pair("b", "c"), Pair("c", "d"), Pair("d", "a")];
        await Poll.UntilAsync(
            "the four ring links up", controller.LinksAsync, l => ring.All(p => l.Any(x => (x.NodeA, x.NodeB) == p && x.Up)),
            ConvergeTimeout, PollInterval, ct, Diagnostics);
        var bIPv6 = nodes.Single(n => n.Name == "b").OverlayIPv6 + "/128";
        await Poll.UntilAsync(
            "a's route to b direct", controller.RoutesAsync, r => r.Any(x => x.NodeId == id["a"] && x.Prefix == bIPv6 && x.NextHopNodeId == id["b"]),
            ConvergeTimeout, PollInterval, ct, Diagnostics);
        Mark("four agents enrolled, ring converged");

        await using var browser = await DashboardBrowser.LaunchAsync(controller.BaseUri);
        var page = browser.Page;
        browserPage = page;
        await SignInAsync(page, password, Mark);

        // Every node and every link on the map.
        await WaitForMapAsync(page, "every node and the four ring links up", m =>
            id.Values.All(n => m.Nodes.Any(x => x.Id == n))
            && ring.All(p => m.Edge(p.Item1, p.Item2) is { Up: true }), ConvergeTimeout, ct);
        await browser.ScreenshotAsync("dashboard-map");
        Mark("map shows every node and link");

        // The path view: a → b goes direct.
        await page.GetByTestId("path-from").SelectOptionAsync(id["a"].ToString());
        await page.GetByTestId("path-to").SelectOptionAsync(id["b"].ToString());
        await WaitForMapAsync(page, "the path a → b highlighted on a-b", m => m.PathHas(Pair("a", "b")), RerouteTimeout, ct, MapDiagnostics);

        // Cut a-b: the map shows the link down and the path moves onto a — d — c — b, in both directions.
        var cutAt = Stopwatch.StartNew();
        await mesh.Mesh.CutAsync(mesh.Mesh.Link("a", "b"), ct);
        await WaitForMapAsync(page, "a-b down and the path on a-d, d-c, c-b", m =>
            m.Edge(id["a"], id["b"]) is { Up: false }
            && m.PathHas(Pair("a", "d")) && m.PathHas(Pair("d", "c")) && m.PathHas(Pair("c", "b")) && !m.PathHas(Pair("a", "b")),
            RerouteTimeout, ct, MapDiagnostics);
        Mark($"cut a-b: the map showed the link down and the path moved {cutAt.Elapsed.TotalSeconds:F1} s after the cut");
        await browser.ScreenshotAsync("dashboard-map-after-cut");

        // Heal: the path comes back to the direct link.
        await mesh.Mesh.HealAsync(mesh.Mesh.Link("a", "b"), ct);
        await WaitForMapAsync(page, "a-b up again and the path back on it", m =>
            m.Edge(id["a"], id["b"]) is { Up: true } && m.PathHas(Pair("a", "b")) && !m.PathHas(Pair("a", "d")), RerouteTimeout, ct, MapDiagnostics);
        Mark("healed a-b: the path is back on it");

        // Enrolment tokens: create one, its secret is shown once with the agent's configuration, then revoke it.
        await page.GotoAsync("tokens");
        await page.GetByTestId("token-name").FillAsync("browser-test");
        await page.GetByTestId("token-create").ClickAsync();
        var secret = await page.GetByTestId("secret-value").InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(secret));
        await Assertions.Expect(page.GetByTestId("agent-config")).ToContainTextAsync(secret);
        await page.GetByTestId("secret-dismiss").ClickAsync();
        await Assertions.Expect(page.GetByTestId("secret-value")).ToHaveCountAsync(0);
        var row = page.GetByTestId("token-row").Filter(new LocatorFilterOptions { HasText = "browser-test" });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "active");
        await row.GetByTestId("token-revoke").ClickAsync();
        await row.GetByTestId("token-revoke-confirm").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "revoked");
        await browser.ScreenshotAsync("dashboard-tokens");
        Mark("token created and revoked");

        Assert.True(browser.Errors.Count == 0, "browser console errors:\n" + string.Join("\n", browser.Errors));
    }

    private static async Task SignInAsync(IPage page, string password, Action<string> mark)
    {
        // Nothing is shown before signing in: the map redirects to the sign-in page, and a wrong password is refused.
        await page.GotoAsync("/");
        Assert.Contains("/account/sign-in", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("nodes");
        Assert.Contains("/account/sign-in", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password");

        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        await page.GotoAsync("/");
        mark("signed in");
    }

    /// <summary>Polls the map's own account of what it drew (<c>window.babelwireMap.describe()</c>), bounded.</summary>
    private static Task<MapState> WaitForMapAsync(
        IPage page, string what, Func<MapState, bool> done, TimeSpan timeout, CancellationToken cancellationToken, Func<string>? diagnostics = null) =>
        Poll.UntilAsync(
            what,
            async _ => MapState.Parse(await page.EvaluateAsync<JsonElement?>("() => window.babelwireMap ? window.babelwireMap.describe() : null")),
            done, timeout, PollInterval, cancellationToken, diagnostics);
}
