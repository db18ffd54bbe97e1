using System.Net;
using Babelwire.Controller.Tests.Infrastructure;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Enrolment;

public sealed class ConcurrentEnrolmentTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Fifty_concurrent_enrolments_get_fifty_distinct_addresses_of_each_family_inside_the_ranges()
    {
        const int agents = 50;
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("concurrent", ct);
        await using var controller = new ControllerFactory(connectionString, settings: new Dictionary<string, string?> { ["Enrolment:RateLimitPermits"] = "1000" });
        controller.Start();
        using var admin = controller.CreateAdminClient();
        var token = await CreateTokenAsync(admin, ct, maxUses: agents);
        using var client = controller.CreateClient();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, agents).Select(i => EnrolAsync(client, NewRequest(token.Secret, "agent"), ct)));
        TestContext.Current.TestOutputHelper?.WriteLine($"{agents} concurrent enrolments took {started.ElapsedMilliseconds} ms");

        var ipv6 = responses.Select(r => IPNetwork.Parse(r.OverlayIPv6)).ToList();
        var ipv4 = responses.Select(r => IPNetwork.Parse(r.OverlayIPv4)).ToList();
        Assert.Equal(agents, ipv6.Distinct().Count());
        Assert.Equal(agents, ipv4.Distinct().Count());
        Assert.Equal(agents, responses.Select(r => r.NodeId).Distinct().Count());
        Assert.Equal(agents, responses.Select(r => r.NodeName).Distinct().Count());
        Assert.All(ipv6, p => Assert.True(p.PrefixLength == 128 && IPNetwork.Parse(ControllerFactory.OverlayIPv6Prefix).Contains(p.BaseAddress), p.ToString()));
        Assert.All(ipv4, p => Assert.True(p.PrefixLength == 32 && IPNetwork.Parse(ControllerFactory.OverlayIPv4Prefix).Contains(p.BaseAddress), p.ToString()));
        // Lowest free first: exactly .1 to .50 (the network address .0 is never handed out).
        Assert.Equal(Enumerable.Range(1, agents).Select(i => (byte)i), ipv4.Select(p => p.BaseAddress.GetAddressBytes()[3]).Order());
        Assert.Equal(new MeshCounts(agents, 2 * agents, agents, agents), await CountAsync(connectionString, ct));
        Assert.Equal(0L, await ScalarAsync(connectionString,
            "SELECT count(*) FROM (SELECT overlay_i_pv4 FROM nodes GROUP BY overlay_i_pv4 HAVING count(*) > 1) d", ct));
    }
}
