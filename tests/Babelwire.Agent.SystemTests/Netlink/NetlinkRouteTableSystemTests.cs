using System.Diagnostics;
using System.Net;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.SystemTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.SystemTests.Netlink;

/// <summary>NetlinkRouteTable against the real kernel, in a fresh namespace, checked with <c>ip -j route</c>.</summary>
public sealed class NetlinkRouteTableSystemTests
{
    private const int Proto = NetlinkRouteTable.Protocol;

    [Fact]
    public async Task A_thousand_routes_are_programmed_changed_and_reconciled_from_a_fresh_instance()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetlinkLab.CreateAsync(ct);
        var first = await lab.IndexOfAsync(lab.First, ct);
        var second = await lab.IndexOfAsync(lab.Second, ct);

        var desired = Routes(1000, first, metric: 0).ToHashSet();
        using (var table = new NetlinkRouteTable(NullLogger<NetlinkRouteTable>.Instance, lab.NamespacePath))
        {
            await table.SetAsync(desired, ct);
            AssertSame(Expected(desired), await lab.RoutesAsync(Proto, ct));

            // Change: 100 withdrawn, 50 moved to the other device, 50 given another metric, 20 new.
            var list = desired.ToList();
            var changed = list.Skip(100).Take(800)
                .Concat(list.Skip(900).Take(50).Select(r => r with { InterfaceIndex = second }))
                .Concat(list.Skip(950).Take(50).Select(r => r with { Metric = 77 }))
                .Concat(Routes(1020, first, metric: 5).Skip(1000))
                .ToHashSet();
            await table.SetAsync(changed, ct);
            AssertSame(Expected(changed), await lab.RoutesAsync(Proto, ct));

            // The same desired state again changes nothing, and nothing else was touched.
            await table.SetAsync(changed, ct);
            AssertSame(Expected(changed), await lab.RoutesAsync(Proto, ct));
            desired = changed;
        }

        // Another protocol's route and a stale route of ours, as a crashed earlier run would leave it.
        await lab.IpAsync(["route", "add", "198.19.250.0/24", "dev", lab.First, "proto", "static"], ct);
        await lab.IpAsync(["-6", "route", "add", "fd00:bad::/64", "dev", lab.First, "proto", "static"], ct);
        await lab.IpAsync(["-6", "route", "add", "2001:db8:ffff::/64", "dev", lab.First, "proto", $"{Proto}"], ct);
        await lab.IpAsync(["route", "add", "198.19.251.0/24", "dev", lab.Second, "proto", $"{Proto}", "metric", "9"], ct);

        using (var fresh = new NetlinkRouteTable(NullLogger<NetlinkRouteTable>.Instance, lab.NamespacePath))
        {
            var owned = await fresh.ReadOwnedAsync(ct);
            Assert.Equal(desired.Count + 2, owned.Count);
            Assert.Contains(new KernelRoute(IPNetwork.Parse("198.19.251.0/24"), second, 9), owned);
            Assert.DoesNotContain(owned, r => r.Prefix == IPNetwork.Parse("198.19.250.0/24"));

            await fresh.SetAsync(desired, ct);
            AssertSame(Expected(desired), await lab.RoutesAsync(Proto, ct));
        }

        Assert.Single(await lab.RoutesAsync(4, ct), r => r.Prefix == IPNetwork.Parse("198.19.250.0/24"));
        Assert.Single(await lab.RoutesAsync(4, ct), r => r.Prefix == IPNetwork.Parse("fd00:bad::/64"));
    }

    [Fact]
    public async Task A_route_another_protocol_holds_is_neither_replaced_nor_deleted()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetlinkLab.CreateAsync(ct);
        var first = await lab.IndexOfAsync(lab.First, ct);
        var second = await lab.IndexOfAsync(lab.Second, ct);
        await lab.IpAsync(["route", "add", "198.19.1.0/24", "dev", lab.Second, "proto", "static", "metric", "3"], ct);

        using var table = new NetlinkRouteTable(NullLogger<NetlinkRouteTable>.Instance, lab.NamespacePath);
        var clash = new KernelRoute(IPNetwork.Parse("198.19.1.0/24"), first, 3);
        var fine = new KernelRoute(IPNetwork.Parse("2001:db8:77::/64"), first, 3);
        var failure = await Assert.ThrowsAsync<KernelRouteException>(() => table.SetAsync(new HashSet<KernelRoute> { clash, fine }, ct));

        Assert.Contains("File exists", Assert.Single(failure.Failures), StringComparison.Ordinal);
        Assert.Equal([fine], await lab.RoutesAsync(Proto, ct));
        Assert.Equal([new KernelRoute(IPNetwork.Parse("198.19.1.0/24"), second, 3)], await lab.RoutesAsync(4, ct));

        // Once the other route is gone, the next call retries only what failed.
        await lab.IpAsync(["route", "del", "198.19.1.0/24", "dev", lab.Second, "proto", "static", "metric", "3"], ct);
        await table.SetAsync(new HashSet<KernelRoute> { clash, fine }, ct);
        Assert.Equal(new HashSet<KernelRoute> { clash, fine }, await lab.RoutesAsync(Proto, ct));

        await table.SetAsync(new HashSet<KernelRoute>(), ct);
        Assert.Empty(await lab.RoutesAsync(Proto, ct));
    }

    [Fact]
    public async Task Ten_thousand_routes_are_programmed_and_withdrawn_in_batches()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetlinkLab.CreateAsync(ct);
        var first = await lab.IndexOfAsync(lab.First, ct);
        var desired = Routes(10_000, first, metric: 10).ToHashSet();

        using var table = new NetlinkRouteTable(NullLogger<NetlinkRouteTable>.Instance, lab.NamespacePath);
        await table.ReadOwnedAsync(ct);   // socket opened outside the timing
        var add = Stopwatch.StartNew();
        await table.SetAsync(desired, ct);
        add.Stop();
        AssertSame(Expected(desired), await lab.RoutesAsync(Proto, ct));

        var delete = Stopwatch.StartNew();
        await table.SetAsync(new HashSet<KernelRoute>(), ct);
        delete.Stop();
        Assert.Empty(await lab.RoutesAsync(Proto, ct));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"10,000 routes (5,000 IPv6 + 5,000 IPv4): added in {add.Elapsed.TotalMilliseconds:F0} ms ({desired.Count / add.Elapsed.TotalSeconds:F0} routes/s), " +
            $"deleted in {delete.Elapsed.TotalMilliseconds:F0} ms ({desired.Count / delete.Elapsed.TotalSeconds:F0} routes/s)");
    }

    [Fact]
    public async Task Every_netlink_message_in_and_out_is_logged_at_trace()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetlinkLab.CreateAsync(ct);
        var first = await lab.IndexOfAsync(lab.First, ct);
        var logger = new CollectingLogger<NetlinkRouteTable>();
        using var table = new NetlinkRouteTable(logger, lab.NamespacePath);

        await table.SetAsync(Routes(3, first, metric: 1).ToHashSet(), ct);

        var trace = logger.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Trace).ToList();
        Assert.Equal(3, trace.Count(e => e.EventId.Id == 4001 && e.Message.StartsWith("netlink out: type 24 flags 0x605", StringComparison.Ordinal)));
        Assert.Equal(2, trace.Count(e => e.EventId.Id == 4001 && e.Message.StartsWith("netlink out: type 26 flags 0x301", StringComparison.Ordinal)));
        Assert.Equal(3, trace.Count(e => e.EventId.Id == 4002 && e.Message.StartsWith("netlink in: type 2 ", StringComparison.Ordinal)));
        Assert.Equal(2, trace.Count(e => e.EventId.Id == 4002 && e.Message.StartsWith("netlink in: type 3 ", StringComparison.Ordinal)));
    }

    /// <summary>Half IPv6 /64s in 2001:db8::/32, half IPv4 /32s in 198.18.0.0/15.</summary>
    private static IEnumerable<KernelRoute> Routes(int count, int index, int metric)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i % 2 == 0
                ? new KernelRoute(new IPNetwork(IPAddress.Parse($"2001:db8:{i / 2:x}::"), 64), index, metric)
                : new KernelRoute(new IPNetwork(IPAddress.Parse($"198.18.{i / 2 / 256}.{i / 2 % 256}"), 32), index, metric);
        }
    }

    /// <summary>Equal sets, or a failure naming what is missing and what is extra.</summary>
    private static void AssertSame(HashSet<KernelRoute> expected, HashSet<KernelRoute> actual)
    {
        var missing = expected.Except(actual).Take(5).ToList();
        var extra = actual.Except(expected).Take(5).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"kernel has {actual.Count} routes of protocol {Proto}, expected {expected.Count}; missing: {string.Join(", ", missing)}; extra: {string.Join(", ", extra)}");
    }

    /// <summary>What <c>ip route</c> shows: IPv6 turns metric 0 into 1024.</summary>
    private static HashSet<KernelRoute> Expected(IEnumerable<KernelRoute> routes) =>
        routes.Select(r => r with { Metric = r.Prefix.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && r.Metric == 0 ? 1024 : r.Metric }).ToHashSet();
}
