using System.Net;
using Babelwire.Agent.Netlink;

namespace Babelwire.Agent.Tests.Netlink;

/// <summary>The recording fakes other areas test against behave like the real ones.</summary>
public sealed class InMemoryFakesTests
{
    private static readonly KernelRoute A = new(IPNetwork.Parse("2001:db8:a::/48"), 3);
    private static readonly KernelRoute B = new(IPNetwork.Parse("198.18.2.0/24"), 3, 10);
    private static readonly InterfaceAddress LinkLocal = new(IPAddress.Parse("fe80::b1"), 64);
    private static readonly InterfaceAddress Overlay = new(IPAddress.Parse("198.18.9.1"), 32);

    [Fact]
    public async Task The_in_memory_route_table_counts_changes_and_retries_a_refused_prefix_next_time()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = new InMemoryRouteTable();
        table.Refused.Add(B.Prefix);

        await Assert.ThrowsAsync<KernelRouteException>(() => table.SetAsync(new HashSet<KernelRoute> { A, B }, ct));
        Assert.Equal(new HashSet<KernelRoute> { A }, table.Routes);
        Assert.Equal((1, 1), (table.Added, table.Failed));

        table.Refused.Clear();
        await table.SetAsync(new HashSet<KernelRoute> { A, B }, ct);
        await table.SetAsync(new HashSet<KernelRoute> { A, B }, ct);
        await table.SetAsync(new HashSet<KernelRoute> { A with { InterfaceIndex = 4 } }, ct);

        Assert.Equal(new HashSet<KernelRoute> { A with { InterfaceIndex = 4 } }, table.Routes);
        Assert.Equal((4, 2, 1, 1), (table.SetCalls, table.Added, table.Replaced, table.Deleted));
        Assert.Equal(
            ["add route 2001:db8:a::/48 dev 3 metric 1024", "refused add route 198.18.2.0/24 dev 3 metric 10", "add route 198.18.2.0/24 dev 3 metric 10",
             "replace route 2001:db8:a::/48 dev 4 metric 1024", "delete route 198.18.2.0/24 dev 3 metric 10"],
            table.Operations);
    }

    [Fact]
    public async Task The_in_memory_link_configurator_turns_generation_off_before_up_and_is_idempotent()
    {
        var ct = TestContext.Current.CancellationToken;
        var links = new InMemoryLinkConfigurator();
        var index = links.AddLink("wg0");
        var config = new LinkConfig("wg0", 1380, [LinkLocal, Overlay]);

        Assert.Equal(index, await links.ConfigureAsync(config, ct));
        Assert.Equal(index, await links.ConfigureAsync(config, ct));

        var link = links.Snapshot("wg0");
        Assert.Equal((index, 1380, true, true), (link.Index, link.Mtu, link.Up, link.AddressGenerationOff));
        Assert.Equal([LinkLocal, Overlay], link.Addresses);
        Assert.Equal((2, 1, 1, 2, 0, 1), (links.ConfigureCalls, links.MtuChanges, links.AddressGenerationChanges, links.AddressesAdded, links.AddressesRemoved, links.LinksBroughtUp));
    }

    [Fact]
    public async Task Only_our_own_addresses_and_the_kernels_link_local_are_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        var links = new InMemoryLinkConfigurator();
        links.AddLink("wg0");
        var foreign = new InterfaceAddress(IPAddress.Parse("2001:db8:f::1"), 64);
        await links.ConfigureAsync(new LinkConfig("wg0", 1420, [Overlay], DisableAddressGeneration: false), ct);
        links.AddForeignAddress("wg0", foreign);
        Assert.Contains(links.Snapshot("wg0").Addresses, a => a.Address.IsIPv6LinkLocal);

        await links.ConfigureAsync(new LinkConfig("wg0", 1420, [LinkLocal]), ct);

        Assert.Equal(new HashSet<InterfaceAddress> { LinkLocal, foreign }, links.Snapshot("wg0").Addresses.ToHashSet());
        Assert.Equal(2, links.AddressesRemoved);
    }

    [Fact]
    public async Task Configuring_a_link_that_does_not_exist_fails_with_ENODEV()
    {
        var links = new InMemoryLinkConfigurator();

        var error = await Assert.ThrowsAsync<NetlinkException>(() => links.ConfigureAsync(new LinkConfig("wg9", 1420, []), TestContext.Current.CancellationToken));

        Assert.Equal(Errno.NoDevice, error.Errno);
    }
}
