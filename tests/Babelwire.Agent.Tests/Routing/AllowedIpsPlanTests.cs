using System.Net;
using Babelwire.Agent.Routing;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.Routing;

public sealed class AllowedIpsPlanTests
{
    private static WireGuardPeer Peer(params string[] extra)
        => WireGuardPeer.Create(WireGuardKey.GeneratePrivateKey().DerivePublicKey(), extra.Select(IPNetwork.Parse), configured: true);

    [Fact]
    public void Each_selected_prefix_goes_to_exactly_its_next_hops_peer_and_the_rest_are_refused_with_a_reason()
    {
        var a = Peer("198.18.50.0/24");
        var b = Peer();
        var selected = new Dictionary<IPNetwork, IPAddress>
        {
            [IPNetwork.Parse("2001:db8:1::/48")] = a.LinkLocal,
            [IPNetwork.Parse("2001:db8:2::/48")] = b.LinkLocal,
            [IPNetwork.Parse("2001:db8:3::/48")] = IPAddress.Parse("fe80::dead"),
            [IPNetwork.Parse("198.18.50.0/24")] = b.LinkLocal,
            [IPNetwork.Parse("198.18.0.0/15")] = a.LinkLocal,
        };

        var plan = AllowedIpsPlan.Compute([a, b], selected, [IPAddress.Parse("::ffff:198.18.7.1")]);

        Assert.Equal(new HashSet<IPNetwork> { IPNetwork.Parse("2001:db8:1::/48") }, plan.Routed[a.PublicKey]);
        Assert.Equal(new HashSet<IPNetwork> { IPNetwork.Parse("2001:db8:2::/48") }, plan.Routed[b.PublicKey]);
        Assert.Equal(RouteRefusal.NoSuchPeer, plan.Refused[IPNetwork.Parse("2001:db8:3::/48")]);
        Assert.Equal(RouteRefusal.HeldByAnotherPeer, plan.Refused[IPNetwork.Parse("198.18.50.0/24")]);
        // An IPv4-mapped endpoint (a dual-stack socket's view) is still an IPv4 endpoint.
        Assert.Equal(RouteRefusal.CoversEndpoint, plan.Refused[IPNetwork.Parse("198.18.0.0/15")]);
        Assert.Equal(2, plan.Owner.Count);
    }

    [Fact]
    public void A_peers_own_base_prefix_selected_via_that_peer_is_neither_refused_nor_counted_twice()
    {
        var a = Peer("198.18.50.0/24");
        var selected = new Dictionary<IPNetwork, IPAddress> { [IPNetwork.Parse("198.18.50.0/24")] = a.LinkLocal };

        var plan = AllowedIpsPlan.Compute([a], selected, []);

        Assert.Empty(plan.Refused);
        Assert.Empty(plan.Routed[a.PublicKey]);
        Assert.Contains(IPNetwork.Parse("198.18.50.0/24"), a.BaseAllowedIps);
        Assert.Contains(new IPNetwork(a.LinkLocal, 128), a.BaseAllowedIps);
    }
}
