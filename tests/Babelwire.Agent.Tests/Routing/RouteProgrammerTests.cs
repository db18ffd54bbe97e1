using System.Net;
using Babelwire.Agent.Babel;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.Routing;
using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.Tests.Routing;

/// <summary>The route programmer against the recording in-memory device and route table.</summary>
public sealed class RouteProgrammerTests : IDisposable
{
    private const string Wg = "wg0";
    private const int Index = 5;
    private static readonly RouterId Source = new(0x0200_0000_0000_0009);

    private readonly TempDirectory _dir = new();
    private readonly InMemoryWireGuardDevice _device = new(Wg);
    private readonly InMemoryRouteTable _kernel = new();
    private readonly WireGuardPeer _a = Peer(IPEndPoint.Parse("192.0.2.1:51820"));
    private readonly WireGuardPeer _b = Peer(IPEndPoint.Parse("192.0.2.2:51820"));
    private readonly WireGuardPeer _c = Peer(IPEndPoint.Parse("198.51.100.3:51820"));

    public void Dispose() => _dir.Dispose();

    private static WireGuardPeer Peer(IPEndPoint endpoint, params string[] extra)
        => WireGuardPeer.Create(WireGuardKey.GeneratePrivateKey().DerivePublicKey(), extra.Select(IPNetwork.Parse), endpoint, configured: true);

    private string RecordPath => Path.Combine(_dir.Path, OwnedAllowedIpsStore.DefaultFileName);

    private RouteProgrammer Programmer(InMemoryRouteTable? kernel = null, RouteProgrammerOptions? options = null)
        => new(Wg, _device, kernel ?? _kernel, new OwnedAllowedIpsStore(RecordPath), TimeProvider.System, NullLogger.Instance, options)
        {
            InterfaceIndex = Index,
        };

    private async Task<RouteProgrammer> StartedAsync(params WireGuardPeer[] peers)
    {
        var programmer = Programmer();
        programmer.SetConfiguredPeers(peers);
        await programmer.ReconcileAsync(TestContext.Current.CancellationToken);
        return programmer;
    }

    private static SelectedRouteChange Select(string prefix, WireGuardPeer via, RouteChangeKind kind = RouteChangeKind.Added)
        => new(kind, IPNetwork.Parse(prefix), Wg, via.LinkLocal, 96, Source);

    private IReadOnlySet<IPNetwork> AllowedIps(WireGuardPeer peer)
        => _device.ReadAsync(CancellationToken.None).Result.Peers.Single(p => p.PublicKey == peer.PublicKey).AllowedIps;

    private static IPNetwork Host(WireGuardPeer p) => new(p.LinkLocal, 128);

    [Fact]
    public async Task Configured_peers_are_created_with_their_link_local_pinned_and_their_extra_allowed_ips_routed()
    {
        var withExtra = Peer(IPEndPoint.Parse("203.0.113.9:51820"), "198.18.50.0/24");
        await StartedAsync(_a, withExtra);

        Assert.Equal(new HashSet<IPNetwork> { Host(_a) }, AllowedIps(_a));
        Assert.Equal(new HashSet<IPNetwork> { Host(withExtra), IPNetwork.Parse("198.18.50.0/24") }, AllowedIps(withExtra));
        Assert.Equal(new HashSet<KernelRoute> { new(IPNetwork.Parse("198.18.50.0/24"), Index) }, _kernel.Routes);
        var state = await _device.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(IPEndPoint.Parse("203.0.113.9:51820"), state.Peers.Single(p => p.PublicKey == withExtra.PublicKey).Endpoint);
    }

    [Fact]
    public async Task A_route_via_a_neighbour_lands_in_that_peers_allowed_ips_only_with_a_kernel_route()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a, _b, _c);

        programmer.Submit([Select("2001:db8:2::/48", _b)]);
        await programmer.ProgramOnceAsync(ct);

        var prefix = IPNetwork.Parse("2001:db8:2::/48");
        Assert.Contains(prefix, AllowedIps(_b));
        Assert.DoesNotContain(prefix, AllowedIps(_a));
        Assert.DoesNotContain(prefix, AllowedIps(_c));
        Assert.Contains(new KernelRoute(prefix, Index), _kernel.Routes);
        Assert.Equal(_b.PublicKey, programmer.Status.Programmed[prefix]);
        Assert.Contains(Host(_b), AllowedIps(_b));
    }

    [Fact]
    public async Task A_switch_of_next_hop_moves_the_prefix_in_one_transaction_touching_at_most_the_two_peers()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a, _b, _c);
        programmer.Submit([Select("198.18.7.0/24", _a)]);
        await programmer.ProgramOnceAsync(ct);
        var before = _device.TransactionCount;

        programmer.Submit([Select("198.18.7.0/24", _c, RouteChangeKind.Changed)]);
        await programmer.ProgramOnceAsync(ct);

        var prefix = IPNetwork.Parse("198.18.7.0/24");
        Assert.Equal(before + 1, _device.TransactionCount);
        Assert.InRange(_device.PeersTouchedPerTransaction[^1], 1, 2);
        Assert.DoesNotContain(_device.Transactions[^1].Peers, p => p.PublicKey == _b.PublicKey);
        Assert.Equal(_c.PublicKey, _device.OwnerOf(prefix));
        Assert.DoesNotContain(prefix, AllowedIps(_a));
        Assert.Contains(prefix, AllowedIps(_c));
    }

    [Fact]
    public async Task A_retraction_removes_the_prefix_from_allowed_ips_and_the_kernel()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a, _b);
        programmer.Submit([Select("2001:db8:2::/48", _b), Select("2001:db8:3::/48", _b)]);
        await programmer.ProgramOnceAsync(ct);

        programmer.Submit([Select("2001:db8:2::/48", _b, RouteChangeKind.Removed)]);
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(new HashSet<IPNetwork> { Host(_b), IPNetwork.Parse("2001:db8:3::/48") }, AllowedIps(_b));
        Assert.Equal(new HashSet<KernelRoute> { new(IPNetwork.Parse("2001:db8:3::/48"), Index) }, _kernel.Routes);
        Assert.False(programmer.Status.Programmed.ContainsKey(IPNetwork.Parse("2001:db8:2::/48")));
    }

    [Fact]
    public async Task A_one_route_change_among_many_touches_one_peer_in_one_transaction()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a, _b, _c);
        var many = new List<SelectedRouteChange>();
        for (var i = 0; i < 300; i++)
            many.Add(Select($"2001:db8:{i:x}::/48", (i % 3) switch { 0 => _a, 1 => _b, _ => _c }));
        programmer.Submit(many);
        await programmer.ProgramOnceAsync(ct);
        var transactions = _device.TransactionCount;

        programmer.Submit([Select("198.18.99.0/24", _b)]);
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(transactions + 1, _device.TransactionCount);
        var only = Assert.Single(_device.Transactions[^1].Peers);
        Assert.Equal(_b.PublicKey, only.PublicKey);
        Assert.Equal(301, programmer.Status.Programmed.Count);
    }

    [Fact]
    public async Task Changes_submitted_between_passes_go_out_together_in_one_transaction()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a, _b);
        var transactions = _device.TransactionCount;
        var kernelCalls = _kernel.SetCalls;

        programmer.Submit([Select("2001:db8:2::/48", _a)]);
        programmer.Submit([Select("2001:db8:3::/48", _b)]);
        programmer.Submit([Select("2001:db8:2::/48", _a, RouteChangeKind.Removed), Select("2001:db8:4::/48", _a)]);
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(transactions + 1, _device.TransactionCount);
        Assert.Equal(new HashSet<IPNetwork> { Host(_a), IPNetwork.Parse("2001:db8:4::/48") }, AllowedIps(_a));
        Assert.Equal(kernelCalls + 1, _kernel.SetCalls);
    }

    [Fact]
    public async Task Routes_on_other_interfaces_are_not_programmed()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a);
        var transactions = _device.TransactionCount;

        programmer.Submit([new SelectedRouteChange(RouteChangeKind.Added, IPNetwork.Parse("2001:db8:9::/48"), "eth0", _a.LinkLocal, 96, Source)]);
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(transactions, _device.TransactionCount);
        Assert.Empty(_kernel.Routes);
    }

    [Fact]
    public async Task A_route_covering_a_peers_underlay_endpoint_is_refused_and_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a, _b);

        // 192.0.2.0/24 holds both peers' endpoints; 0.0.0.0/0 holds everything.
        programmer.Submit([Select("192.0.2.0/24", _a), Select("0.0.0.0/0", _b), Select("198.18.1.0/24", _b)]);
        await programmer.ProgramOnceAsync(ct);
        programmer.Submit([Select("198.18.2.0/24", _b)]);
        await programmer.ProgramOnceAsync(ct);

        Assert.DoesNotContain(IPNetwork.Parse("192.0.2.0/24"), AllowedIps(_a));
        Assert.DoesNotContain(IPNetwork.Parse("0.0.0.0/0"), AllowedIps(_b));
        Assert.Contains(IPNetwork.Parse("198.18.1.0/24"), AllowedIps(_b));
        Assert.DoesNotContain(_kernel.Routes, r => r.Prefix == IPNetwork.Parse("0.0.0.0/0") || r.Prefix == IPNetwork.Parse("192.0.2.0/24"));
        Assert.Equal(RouteRefusal.CoversEndpoint, programmer.Status.Refused[IPNetwork.Parse("0.0.0.0/0")]);
        Assert.Equal(2, programmer.Counters.RefusedCoversEndpoint);
    }

    [Fact]
    public async Task An_endpoint_the_device_reports_counts_too_even_when_not_configured()
    {
        var ct = TestContext.Current.CancellationToken;
        var roaming = WireGuardPeer.Create(WireGuardKey.GeneratePrivateKey().DerivePublicKey(), [], configured: true);
        var programmer = await StartedAsync(roaming);
        _device.SetPeerExternally(new PeerConfig(roaming.PublicKey, new HashSet<IPNetwork> { Host(roaming) }, IPEndPoint.Parse("203.0.113.7:4000")));
        programmer.ObserveDevice(await _device.ReadAsync(ct));

        programmer.Submit([Select("203.0.113.0/24", roaming)]);
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(RouteRefusal.CoversEndpoint, programmer.Status.Refused[IPNetwork.Parse("203.0.113.0/24")]);
    }

    [Fact]
    public async Task A_failed_transaction_is_retried_by_the_worker_and_no_change_is_lost()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = Programmer(options: new RouteProgrammerOptions { Debounce = TimeSpan.Zero, RetryMin = TimeSpan.FromMilliseconds(20) });
        programmer.SetConfiguredPeers([_a, _b]);
        await programmer.ReconcileAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var worker = programmer.RunAsync(stop.Token);

        _device.FailNextApply(appliedPeers: 1);
        programmer.Submit([Select("2001:db8:2::/48", _a), Select("2001:db8:3::/48", _b)]);
        programmer.Submit([Select("2001:db8:4::/48", _b)]);

        await Poll.UntilAsync(() => programmer.Counters.Failures >= 1 && programmer.Status.LastError is null
            && AllowedIps(_b).Contains(IPNetwork.Parse("2001:db8:4::/48")), ct);
        await stop.CancelAsync();
        await worker;

        Assert.Contains(IPNetwork.Parse("2001:db8:2::/48"), AllowedIps(_a));
        Assert.Contains(IPNetwork.Parse("2001:db8:3::/48"), AllowedIps(_b));
        Assert.Equal(3, _kernel.Routes.Count);
        Assert.False(programmer.Status.Pending);
    }

    [Fact]
    public async Task A_refused_kernel_route_is_retried_until_the_kernel_takes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = Programmer(options: new RouteProgrammerOptions { Debounce = TimeSpan.Zero, RetryMin = TimeSpan.FromMilliseconds(20) });
        programmer.SetConfiguredPeers([_a]);
        await programmer.ReconcileAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var worker = programmer.RunAsync(stop.Token);
        var prefix = IPNetwork.Parse("198.18.3.0/24");
        _kernel.Refused.Add(prefix);

        programmer.Submit([Select("198.18.3.0/24", _a)]);
        await Poll.UntilAsync(() => programmer.Counters.Failures >= 2, ct);
        _kernel.Refused.Remove(prefix);
        await Poll.UntilAsync(() => _kernel.Routes.Contains(new KernelRoute(prefix, Index)), ct);
        await stop.CancelAsync();
        await worker;

        Assert.Contains(prefix, AllowedIps(_a));
    }

    [Fact]
    public async Task Reconcile_removes_stale_entries_we_own_and_keeps_foreign_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        // An earlier run programmed 2001:db8:2::/48 into A and left a kernel route; wg-quick put 198.18.40.0/24 on A.
        var stale = IPNetwork.Parse("2001:db8:2::/48");
        var foreign = IPNetwork.Parse("198.18.40.0/24");
        _device.SetPeerExternally(new PeerConfig(_a.PublicKey, new HashSet<IPNetwork> { Host(_a), stale, foreign }, _a.Endpoint));
        new OwnedAllowedIpsStore(RecordPath).Save(new Dictionary<WireGuardKey, HashSet<IPNetwork>> { [_a.PublicKey] = [stale] });
        var kernel = new InMemoryRouteTable([new KernelRoute(stale, Index), new KernelRoute(IPNetwork.Parse("2001:db8:77::/48"), 99)]);

        var programmer = Programmer(kernel);
        await programmer.ReconcileAsync(ct);

        Assert.Equal(new HashSet<IPNetwork> { Host(_a), foreign }, AllowedIps(_a));
        Assert.Empty(kernel.Routes);
        Assert.Equal(1, programmer.Counters.StaleAllowedIpsRemoved);
        Assert.Equal(2, programmer.Counters.StaleKernelRoutesRemoved);
        Assert.Empty(new OwnedAllowedIpsStore(RecordPath).Load());

        // The foreign entry is A's base: routes change around it, and it stays.
        programmer.Submit([Select("2001:db8:5::/48", _a)]);
        await programmer.ProgramOnceAsync(ct);
        programmer.Submit([Select("2001:db8:5::/48", _a, RouteChangeKind.Removed)]);
        await programmer.ProgramOnceAsync(ct);
        Assert.Equal(new HashSet<IPNetwork> { Host(_a), foreign }, AllowedIps(_a));
    }

    [Fact]
    public async Task A_peer_found_on_the_device_gets_its_link_local_pinned_and_keeps_its_own_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        var adopted = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var own = IPNetwork.Parse("198.18.60.0/24");
        _device.SetPeerExternally(new PeerConfig(adopted, new HashSet<IPNetwork> { own }, IPEndPoint.Parse("192.0.2.50:51820")));
        var programmer = Programmer();
        await programmer.ReconcileAsync(ct);

        var peer = Assert.Single(programmer.Peers());
        Assert.False(peer.Configured);
        var state = await _device.ReadAsync(ct);
        Assert.Equal(new HashSet<IPNetwork> { own, new(LinkLocalAddress.FromPublicKey(adopted), 128) }, state.Peers.Single().AllowedIps);
        Assert.Equal(IPEndPoint.Parse("192.0.2.50:51820"), state.Peers.Single().Endpoint);
        Assert.Empty(_kernel.Routes);

        // A Babel route for its own prefix is not taken away from it, nor given to another.
        programmer.Submit([Select("198.18.60.0/24", peer)]);
        await programmer.ProgramOnceAsync(ct);
        Assert.Contains(own, (await _device.ReadAsync(ct)).Peers.Single().AllowedIps);
    }

    [Fact]
    public async Task The_record_of_owned_entries_follows_every_pass()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a, _b);

        programmer.Submit([Select("2001:db8:2::/48", _a), Select("198.18.2.0/24", _b)]);
        await programmer.ProgramOnceAsync(ct);
        var record = new OwnedAllowedIpsStore(RecordPath).Load();
        Assert.Equal(new HashSet<IPNetwork> { IPNetwork.Parse("2001:db8:2::/48") }, record[_a.PublicKey]);
        Assert.Equal(new HashSet<IPNetwork> { IPNetwork.Parse("198.18.2.0/24") }, record[_b.PublicKey]);

        programmer.Submit([Select("2001:db8:2::/48", _a, RouteChangeKind.Removed)]);
        await programmer.ProgramOnceAsync(ct);
        Assert.False(new OwnedAllowedIpsStore(RecordPath).Load().ContainsKey(_a.PublicKey));
    }

    [Fact]
    public async Task A_configured_peer_removed_by_another_tool_is_put_back_and_its_routes_with_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a);
        programmer.Submit([Select("2001:db8:2::/48", _a)]);
        await programmer.ProgramOnceAsync(ct);

        _device.RemovePeerExternally(_a.PublicKey);
        programmer.ObserveDevice(await _device.ReadAsync(ct));
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(new HashSet<IPNetwork> { Host(_a), IPNetwork.Parse("2001:db8:2::/48") }, AllowedIps(_a));
    }

    [Fact]
    public async Task Withdrawing_everything_on_shutdown_keeps_base_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        var programmer = await StartedAsync(_a);
        programmer.Submit([Select("2001:db8:2::/48", _a)]);
        await programmer.ProgramOnceAsync(ct);

        await programmer.WithdrawAllAsync(ct);

        Assert.Equal(new HashSet<IPNetwork> { Host(_a) }, AllowedIps(_a));
        Assert.Empty(_kernel.Routes);
    }
}
