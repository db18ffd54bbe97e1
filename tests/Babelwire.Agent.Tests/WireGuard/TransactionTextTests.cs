using System.Net;
using System.Text;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

/// <summary>The set=1 text the diff produces, line for line, for each kind of change.</summary>
public sealed class TransactionTextTests
{
    private static readonly WireGuardKey A = WireGuardKey.Parse("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=");
    private static readonly WireGuardKey B = WireGuardKey.Parse("IEUPk8JifnMKtVjGEBdlQguhXDKOjRjAZUxwPKPYnW4=");
    private static readonly WireGuardKey C = WireGuardKey.Parse("6F1hHnwDdOqqD6EYVw0o3/zNA551zrsSbehFGWgxYHM=");
    private static readonly IPEndPoint EndpointA = IPEndPoint.Parse("192.0.2.1:51820");

    [Fact]
    public void A_new_peer_is_created_with_endpoint_keepalive_and_its_whole_list()
    {
        var model = Model();

        var text = Text(model, Config(Peer(B, ["198.18.1.0/24", "2001:db8:1::/48"], IPEndPoint.Parse("[2001:db8::2]:51820"), TimeSpan.FromSeconds(25))));

        Assert.Equal(
            $"public_key={B.ToHex()}\n"
            + "endpoint=[2001:db8::2]:51820\n"
            + "persistent_keepalive_interval=25\n"
            + "replace_allowed_ips=true\n"
            + "allowed_ip=198.18.1.0/24\n"
            + "allowed_ip=2001:db8:1::/48\n",
            text);
    }

    [Fact]
    public void An_unchanged_peer_sends_nothing_at_all()
    {
        var model = Model();

        var plan = model.Plan(Config(Peer(A, ["198.18.0.0/24", "fe80::1/128"], EndpointA)), AllowedIpRemoval.Incremental);

        Assert.True(plan.IsEmpty);
        Assert.Equal("", Write(plan));
    }

    [Fact]
    public void One_added_allowed_ip_sends_just_that_line_for_that_peer()
    {
        var model = Model();

        var text = Text(model, Config(Peer(A, ["198.18.0.0/24", "fe80::1/128", "198.18.9.0/24"], EndpointA)));

        Assert.Equal($"public_key={A.ToHex()}\nupdate_only=true\nallowed_ip=198.18.9.0/24\n", text);
    }

    [Fact]
    public void One_removed_allowed_ip_is_a_single_removal_line_where_the_implementation_supports_it()
    {
        var model = Model();

        var text = Text(model, Config(Peer(A, ["fe80::1/128"], EndpointA)), AllowedIpRemoval.Incremental);

        Assert.Equal($"public_key={A.ToHex()}\nupdate_only=true\nallowed_ip=-198.18.0.0/24\n", text);
    }

    [Fact]
    public void One_removed_allowed_ip_replaces_the_peers_list_where_removal_is_unsupported()
    {
        var model = Model();

        var text = Text(model, Config(Peer(A, ["fe80::1/128"], EndpointA)), AllowedIpRemoval.Replace);

        Assert.Equal($"public_key={A.ToHex()}\nupdate_only=true\nreplace_allowed_ips=true\nallowed_ip=fe80::1/128\n", text);
    }

    [Fact]
    public void An_endpoint_change_sends_only_the_endpoint()
    {
        var model = Model();

        var text = Text(model, Config(Peer(A, ["198.18.0.0/24", "fe80::1/128"], IPEndPoint.Parse("198.51.100.9:4500"))));

        Assert.Equal($"public_key={A.ToHex()}\nupdate_only=true\nendpoint=198.51.100.9:4500\n", text);
    }

    [Fact]
    public void A_peer_left_out_is_removed_only_when_asked_to_remove_other_peers()
    {
        var model = Model();

        var kept = model.Plan(Config(), AllowedIpRemoval.Incremental);
        var text = Text(model, Config() with { RemoveOtherPeers = true });

        Assert.True(kept.IsEmpty);
        Assert.Equal($"public_key={A.ToHex()}\nremove=true\n", text);
    }

    [Fact]
    public void A_prefix_moved_to_another_peer_touches_only_the_peer_that_gains_it()
    {
        var model = Model();
        model.Commit(model.Plan(Config(Peer(B, ["fe80::2/128"])), AllowedIpRemoval.Replace));

        var plan = model.Plan(
            Config(Peer(A, ["fe80::1/128"], EndpointA), Peer(B, ["fe80::2/128", "198.18.0.0/24"])), AllowedIpRemoval.Replace);
        model.Commit(plan);

        Assert.Equal($"public_key={B.ToHex()}\nupdate_only=true\nallowed_ip=198.18.0.0/24\n", Write(plan));
        Assert.Equal(B, model.OwnerOf(IPNetwork.Parse("198.18.0.0/24")));
        Assert.True(model.Plan(
            Config(Peer(A, ["fe80::1/128"], EndpointA), Peer(B, ["fe80::2/128", "198.18.0.0/24"])), AllowedIpRemoval.Replace).IsEmpty);
    }

    [Fact]
    public void Device_fields_come_before_the_first_peer_and_change_only_when_different()
    {
        var model = Model();

        var plan = model.Plan(Config() with { PrivateKey = C, ListenPort = 51999 }, AllowedIpRemoval.Replace);
        var text = Write(plan);
        model.Commit(plan);

        Assert.Equal($"private_key={C.ToHex()}\nlisten_port=51999\n", text);
        Assert.True(model.Plan(Config() with { PrivateKey = C, ListenPort = 51999 }, AllowedIpRemoval.Replace).IsEmpty);
    }

    [Fact]
    public void Creations_and_updates_come_before_removals()
    {
        var model = Model();

        var text = Text(model, Config(Peer(B, ["198.18.0.0/24"])) with { RemoveOtherPeers = true });

        Assert.Equal(
            $"public_key={B.ToHex()}\nreplace_allowed_ips=true\nallowed_ip=198.18.0.0/24\npublic_key={A.ToHex()}\nremove=true\n",
            text);
    }

    [Fact]
    public void The_same_prefix_given_to_two_peers_is_refused()
    {
        var model = Model();

        Assert.Throws<ArgumentException>(() =>
            model.Plan(Config(Peer(A, ["198.18.0.0/24", "fe80::1/128"]), Peer(B, ["198.18.0.0/24"])), AllowedIpRemoval.Replace));
        Assert.Throws<ArgumentException>(() =>
            model.Plan(Config(Peer(B, ["198.18.7.0/24"]), Peer(C, ["198.18.7.0/24"])), AllowedIpRemoval.Replace));
        Assert.Throws<ArgumentException>(() => model.Plan(Config(Peer(B, []), Peer(B, [])), AllowedIpRemoval.Replace));
    }

    [Fact]
    public void A_one_route_change_on_a_large_table_touches_one_peer_with_one_line()
    {
        var model = new DeviceModel();
        var table = Enumerable.Range(0, 20_000).Select(i => $"2001:db8:{i / 256:x}:{i % 256:x}::/64").ToArray();
        var initial = Config(Peer(A, table[..10_000]), Peer(B, table[10_000..]));
        var first = model.Plan(initial, AllowedIpRemoval.Replace);
        model.Commit(first);

        var moved = Config(Peer(A, table[..9_999]), Peer(B, [table[9_999], .. table[10_000..]]));
        var plan = model.Plan(moved, AllowedIpRemoval.Replace);

        Assert.Equal(20_000, first.AllowedIpLineCount);
        Assert.Equal(B, Assert.Single(plan.Peers).PublicKey);
        Assert.Equal(1, plan.AllowedIpLineCount);
    }

    private static DeviceModel Model() =>
        DeviceModel.FromState(null, 51820, [
            new PeerState(A, Prefixes(["198.18.0.0/24", "fe80::1/128"]), EndpointA, null, null, 0, 0),
        ]);

    private static DeviceConfig Config(params PeerConfig[] peers) => new(peers);

    private static PeerConfig Peer(WireGuardKey key, string[] prefixes, IPEndPoint? endpoint = null, TimeSpan? keepalive = null) =>
        new(key, Prefixes(prefixes), endpoint, keepalive);

    private static HashSet<IPNetwork> Prefixes(string[] prefixes) => [.. prefixes.Select(IPNetwork.Parse)];

    private static string Text(DeviceModel model, DeviceConfig desired, AllowedIpRemoval removal = AllowedIpRemoval.Incremental) =>
        Write(model.Plan(desired, removal));

    private static string Write(DevicePlan plan)
    {
        var text = new StringBuilder();
        UapiText.WriteSet(plan, text);
        return text.ToString();
    }
}
