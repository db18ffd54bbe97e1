using System.Net;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.SystemTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.SystemTests.Netlink;

/// <summary>NetlinkLinkConfigurator against the real kernel, on a veth end in a fresh namespace, checked with <c>ip -j</c>.</summary>
public sealed class NetlinkLinkConfiguratorSystemTests
{
    private static readonly InterfaceAddress LinkLocal = new(IPAddress.Parse("fe80::b1:1"), 64);
    private static readonly InterfaceAddress Overlay6 = new(IPAddress.Parse("2001:db8:b1::1"), 128);
    private static readonly InterfaceAddress Overlay4 = new(IPAddress.Parse("198.18.177.1"), 32);

    [Fact]
    public async Task A_down_link_gets_its_mtu_no_kernel_link_local_our_addresses_and_comes_up()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetlinkLab.CreateAsync(ct);
        await lab.IpAsync(["link", "set", lab.First, "down"], ct);
        await lab.IpAsync(["-6", "addr", "flush", "dev", lab.First], ct);
        await lab.IpAsync(["addr", "add", "198.51.100.7/24", "dev", lab.First], ct);   // another tool's address

        using var configurator = new NetlinkLinkConfigurator(NullLogger<NetlinkLinkConfigurator>.Instance, lab.NamespacePath);
        var config = new LinkConfig(lab.First, 1380, [LinkLocal, Overlay6, Overlay4]);
        var index = await configurator.ConfigureAsync(config, ct);

        Assert.Equal(await lab.IndexOfAsync(lab.First, ct), index);
        var link = await LinkAsync(lab, ct);
        Assert.Equal(1380, link.Mtu);
        Assert.True(link.Up, "the link is up");
        Assert.Equal("none", link.AddressGenerationMode);
        var expected = new HashSet<string> { "fe80::b1:1/64", "2001:db8:b1::1/128", "198.18.177.1/32", "198.51.100.7/24" };
        Assert.Equal(expected, await AddressesAsync(lab, ct));

        // Again: nothing changes (no kernel link-local appeared after up either).
        Assert.Equal(index, await configurator.ConfigureAsync(config, ct));
        Assert.Equal(expected, await AddressesAsync(lab, ct));
    }

    [Fact]
    public async Task Addresses_we_no_longer_want_are_removed_and_the_kernel_link_local_goes_when_generation_is_turned_off()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetlinkLab.CreateAsync(ct);
        var kernelLinkLocal = (await AddressesAsync(lab, ct)).Single(a => a.StartsWith("fe80:", StringComparison.Ordinal));
        await lab.IpAsync(["-6", "addr", "add", "fd00:b1::9/64", "dev", lab.First], ct);   // another tool's address

        using var configurator = new NetlinkLinkConfigurator(NullLogger<NetlinkLinkConfigurator>.Instance, lab.NamespacePath);
        await configurator.ConfigureAsync(new LinkConfig(lab.First, 1420, [LinkLocal, Overlay6, Overlay4]), ct);
        Assert.Equal(
            new HashSet<string> { "fe80::b1:1/64", "2001:db8:b1::1/128", "198.18.177.1/32", "fd00:b1::9/64" },
            await AddressesAsync(lab, ct));
        Assert.DoesNotContain(kernelLinkLocal, await AddressesAsync(lab, ct));

        var moved = new InterfaceAddress(IPAddress.Parse("198.18.177.2"), 32);
        await configurator.ConfigureAsync(new LinkConfig(lab.First, 1420, [LinkLocal, moved]), ct);
        Assert.Equal(new HashSet<string> { "fe80::b1:1/64", "198.18.177.2/32", "fd00:b1::9/64" }, await AddressesAsync(lab, ct));
        Assert.Equal(1420, (await LinkAsync(lab, ct)).Mtu);
    }

    [Fact]
    public async Task A_tun_link_like_wireguard_gos_is_configured_and_takes_device_routes()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetlinkLab.CreateAsync(ct);
        const string Tun = "nltun0";
        await lab.IpAsync(["tuntap", "add", "dev", Tun, "mode", "tun"], ct);

        using var configurator = new NetlinkLinkConfigurator(NullLogger<NetlinkLinkConfigurator>.Instance, lab.NamespacePath);
        var index = await configurator.ConfigureAsync(new LinkConfig(Tun, 1420, [LinkLocal, Overlay6, Overlay4]), ct);
        using var table = new NetlinkRouteTable(NullLogger<NetlinkRouteTable>.Instance, lab.NamespacePath);
        var routes = new HashSet<KernelRoute>
        {
            new(IPNetwork.Parse("2001:db8:b2::/48"), index),
            new(IPNetwork.Parse("198.18.178.0/24"), index),
        };
        await table.SetAsync(routes, ct);

        var link = await LinkAsync(lab, ct, Tun);
        Assert.Equal((1420, true, "none"), link);
        Assert.Equal(new HashSet<string> { "fe80::b1:1/64", "2001:db8:b1::1/128", "198.18.177.1/32" }, await AddressesAsync(lab, ct, Tun));
        Assert.Equal(
            new HashSet<KernelRoute> { new(IPNetwork.Parse("2001:db8:b2::/48"), index, 1024), new(IPNetwork.Parse("198.18.178.0/24"), index) },
            await lab.RoutesAsync(NetlinkRouteTable.Protocol, ct));
    }

    [Fact]
    public async Task A_missing_link_is_a_clear_error()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetlinkLab.CreateAsync(ct);
        using var configurator = new NetlinkLinkConfigurator(NullLogger<NetlinkLinkConfigurator>.Instance, lab.NamespacePath);

        var error = await Assert.ThrowsAsync<NetlinkException>(() => configurator.ConfigureAsync(new LinkConfig("bwnone0", 1420, []), ct));

        Assert.Equal(19, error.Errno);
        Assert.Contains("find link bwnone0", error.Message, StringComparison.Ordinal);
    }

    private static async Task<HashSet<string>> AddressesAsync(NetlinkLab lab, CancellationToken ct, string? device = null)
    {
        using var json = await lab.JsonAsync(["addr", "show", "dev", device ?? lab.First], ct);
        return json.RootElement[0].GetProperty("addr_info").EnumerateArray()
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")
            .ToHashSet();
    }

    private static async Task<(int Mtu, bool Up, string? AddressGenerationMode)> LinkAsync(NetlinkLab lab, CancellationToken ct, string? device = null)
    {
        using var json = await lab.JsonAsync(["-d", "link", "show", "dev", device ?? lab.First], ct);
        var link = json.RootElement[0];
        var flags = link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
        var mode = link.TryGetProperty("inet6_addr_gen_mode", out var m) ? m.GetString() : null;
        return (link.GetProperty("mtu").GetInt32(), flags.Contains("UP"), mode);
    }
}
