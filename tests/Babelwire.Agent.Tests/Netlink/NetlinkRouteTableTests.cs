using System.Net;
using Babelwire.Agent.Netlink;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Agent.Tests.Netlink;

/// <summary>NetlinkRouteTable's desired-state logic over a recording fake kernel (docs/code-style.md §6, tailscale's cidrDiff and fakeOS).</summary>
public sealed class NetlinkRouteTableTests
{
    private static readonly KernelRoute A6 = new(IPNetwork.Parse("2001:db8:a::/48"), 3);
    private static readonly KernelRoute B6 = new(IPNetwork.Parse("2001:db8:b::/48"), 3);
    private static readonly KernelRoute A4 = new(IPNetwork.Parse("198.18.1.0/24"), 3, 10);
    private static readonly KernelRoute B4 = new(IPNetwork.Parse("198.18.2.0/24"), 3, 10);

    [Fact]
    public async Task The_first_call_reads_what_is_ours_and_removes_only_the_stale_part()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel(A6 with { Metric = 1024 }, B4);
        using var table = new NetlinkRouteTable(() => kernel);

        await table.SetAsync(Set(A6, A4), ct);

        Assert.Equal(1, kernel.Reads);
        Assert.Equal([Op(RouteOperationKind.Add, A4), Op(RouteOperationKind.Delete, B4)], kernel.Log);
        Assert.Equal(new HashSet<KernelRoute> { A6 with { Metric = 1024 }, A4 }, kernel.Table.Values.ToHashSet());
    }

    [Fact]
    public async Task Additions_and_replacements_go_before_deletions()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel();
        using var table = new NetlinkRouteTable(() => kernel);
        await table.SetAsync(Set(A6, A4), ct);
        kernel.Log.Clear();

        await table.SetAsync(Set(A4 with { InterfaceIndex = 4 }, B6, A6 with { Metric = 5 }), ct);

        Assert.Equal(
            [RouteOperationKind.Add, RouteOperationKind.Add, RouteOperationKind.Replace, RouteOperationKind.Delete],
            kernel.Log.Select(o => o.Kind).OrderBy(k => k == RouteOperationKind.Delete).ThenBy(k => k).ToList());
        Assert.Equal(RouteOperationKind.Delete, kernel.Log[^1].Kind);
        Assert.Equal(A6, kernel.Log[^1].Route);
        Assert.Equal(new HashSet<KernelRoute> { A4 with { InterfaceIndex = 4 }, B6, A6 with { Metric = 5 } }, kernel.Table.Values.ToHashSet());
    }

    [Fact]
    public async Task The_same_desired_state_again_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel();
        using var table = new NetlinkRouteTable(() => kernel);
        await table.SetAsync(Set(A6, A4, B4), ct);
        var calls = kernel.ApplyCalls;

        await table.SetAsync(Set(A6, A4, B4), ct);

        Assert.Equal(calls, kernel.ApplyCalls);
        Assert.Equal(1, kernel.Reads);
    }

    [Fact]
    public async Task After_a_partial_failure_the_next_call_retries_only_what_failed()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel(B4);
        kernel.Refuse[A4.Prefix] = Errno.Exists;     // another protocol's route holds this prefix and metric
        kernel.Refuse[B4.Prefix] = 16;               // EBUSY: the stale route cannot go yet
        using var table = new NetlinkRouteTable(() => kernel);

        var failure = await Assert.ThrowsAsync<KernelRouteException>(() => table.SetAsync(Set(A6, A4, B6), ct));

        Assert.Equal(2, failure.Failures.Count);
        Assert.Contains(failure.Failures, f => f.StartsWith("add route 198.18.1.0/24 dev 3 metric 10: File exists", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("delete route 198.18.2.0/24 dev 3 metric 10", StringComparison.Ordinal));
        Assert.Equal(new HashSet<KernelRoute> { A6, B6, B4 }, table.Programmed.ToHashSet());

        kernel.Refuse.Clear();
        kernel.Log.Clear();
        await table.SetAsync(Set(A6, A4, B6), ct);

        Assert.Equal([Op(RouteOperationKind.Add, A4), Op(RouteOperationKind.Delete, B4)], kernel.Log);
        Assert.Equal(new HashSet<KernelRoute> { A6, A4, B6 }, kernel.Table.Values.ToHashSet());
    }

    [Fact]
    public async Task A_deletion_that_finds_the_route_already_gone_counts_as_done()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel();
        using var table = new NetlinkRouteTable(() => kernel);
        await table.SetAsync(Set(A6, A4), ct);
        kernel.Table.Clear();   // someone flushed them, or the device went away

        await table.SetAsync(Set(), ct);
        kernel.Log.Clear();
        await table.SetAsync(Set(), ct);

        Assert.Empty(kernel.Log);
        Assert.Empty(table.Programmed);
    }

    [Fact]
    public async Task A_deletion_refused_because_the_device_is_gone_counts_as_done()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel();
        using var table = new NetlinkRouteTable(() => kernel);
        await table.SetAsync(Set(A6, A4), ct);
        kernel.Refuse[A4.Prefix] = Errno.NoDevice;
        kernel.Refuse[A6.Prefix] = 16;   // EBUSY: a real failure, kept for the next call

        await Assert.ThrowsAsync<KernelRouteException>(() => table.SetAsync(Set(), ct));

        Assert.Equal([A6], table.Programmed);
    }

    [Fact]
    public async Task Two_desired_routes_for_one_prefix_and_metric_are_refused_before_anything_is_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel();
        using var table = new NetlinkRouteTable(() => kernel);

        await Assert.ThrowsAsync<ArgumentException>(() => table.SetAsync(Set(A4, A4 with { InterfaceIndex = 9 }), ct));

        Assert.Empty(kernel.Log);
    }

    [Fact]
    public async Task An_IPv6_route_of_metric_zero_is_the_kernels_metric_1024()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel(A6 with { Metric = 1024 });
        using var table = new NetlinkRouteTable(() => kernel);

        await table.SetAsync(Set(A6), ct);

        Assert.Empty(kernel.Log);
    }

    [Fact]
    public async Task After_a_call_that_was_interrupted_the_next_one_reads_the_kernel_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var kernel = new FakeRouteKernel();
        var failing = new InterruptedKernel(kernel);
        using var table = new NetlinkRouteTable(() => failing);
        await table.SetAsync(Set(A6), ct);

        failing.Interrupt = true;
        await Assert.ThrowsAsync<OperationCanceledException>(() => table.SetAsync(Set(A6, A4), ct));
        failing.Interrupt = false;
        kernel.Table[RouteKey.Of(A4)] = A4;   // the interrupted batch had reached the kernel after all
        kernel.Log.Clear();
        await table.SetAsync(Set(A6, A4), ct);

        Assert.Equal(2, kernel.Reads);
        Assert.Empty(kernel.Log);
    }

    [Fact]
    public void The_service_collection_gets_the_rtnetlink_implementations_unless_fakes_are_registered_first()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var fake = new InMemoryRouteTable();
        services.AddSingleton<IRouteTable>(fake);
        services.AddNetlinkServices();
        using var provider = services.BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<IRouteTable>());
        Assert.IsType<NetlinkLinkConfigurator>(provider.GetRequiredService<ILinkConfigurator>());
    }

    private static HashSet<KernelRoute> Set(params KernelRoute[] routes) => [.. routes];

    private static RouteOperation Op(RouteOperationKind kind, KernelRoute route) => new(kind, route);

    private sealed class InterruptedKernel(FakeRouteKernel inner) : IRouteKernel
    {
        public bool Interrupt { get; set; }

        public Task<IReadOnlyList<KernelRoute>> ReadOwnedAsync(CancellationToken cancellationToken) => inner.ReadOwnedAsync(cancellationToken);

        public Task<IReadOnlyList<RouteOperationResult>> ApplyAsync(IReadOnlyList<RouteOperation> operations, CancellationToken cancellationToken) =>
            Interrupt ? throw new OperationCanceledException() : inner.ApplyAsync(operations, cancellationToken);

        public void Dispose()
        {
        }
    }
}
