using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

/// <summary>What the model records after a commit, and the refusals, along each path the diff takes.</summary>
public sealed class DeviceModelTests
{
    private static readonly WireGuardKey A = WireGuardKey.Parse("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=");
    private static readonly WireGuardKey B = WireGuardKey.Parse("IEUPk8JifnMKtVjGEBdlQguhXDKOjRjAZUxwPKPYnW4=");
    private static readonly WireGuardKey C = WireGuardKey.Parse("6F1hHnwDdOqqD6EYVw0o3/zNA551zrsSbehFGWgxYHM=");

    [Theory]
    [InlineData(10, 5, 9, 0)] // the keeping peer's desired list is the smallest of the three sets
    [InlineData(3, 3, 5, 20)] // what it held is the smallest
    [InlineData(10, 10, 0, 0)] // the prefixes other peers claim are the fewest
    public void A_prefix_one_peer_keeps_and_another_peer_is_given_is_refused(int held, int kept, int otherClaims, int keeperAdds)
    {
        var table = Table(held + otherClaims + keeperAdds);
        var contested = table[0];
        var model = new DeviceModel();
        model.Commit(model.Plan(new DeviceConfig([new PeerConfig(A, Set(table[..held]))]), AllowedIpRemoval.Replace));

        var desired = new DeviceConfig([
            new PeerConfig(A, Set([.. table[..kept], .. table[(held + otherClaims)..]])),
            new PeerConfig(B, Set([contested, .. table[held..(held + otherClaims)]])),
        ]);

        var refused = Assert.Throws<ArgumentException>(() => model.Plan(desired, AllowedIpRemoval.Replace));
        Assert.Contains(contested.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Contains(A.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Contains(B.ToString(), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whole_lists_given_to_empty_and_new_peers_take_their_prefixes_from_the_peers_that_held_them()
    {
        var table = Table(300);
        var model = new DeviceModel();
        model.Commit(model.Plan(new DeviceConfig([new PeerConfig(A, Set(table[..200])), new PeerConfig(B, Set([]))]), AllowedIpRemoval.Replace));

        // B (known, empty) and C (new) each get a whole list, part of it taken from A, which is not listed.
        var plan = model.Plan(
            new DeviceConfig([new PeerConfig(B, Set(table[150..250])), new PeerConfig(C, Set([.. table[100..150], .. table[250..]]))]),
            AllowedIpRemoval.Replace);
        model.Commit(plan);

        var peers = model.Peers().ToDictionary(p => p.PublicKey);
        Assert.True(peers[A].AllowedIps.SetEquals(table[..100]));
        Assert.True(peers[B].AllowedIps.SetEquals(table[150..250]));
        Assert.True(peers[C].AllowedIps.SetEquals([.. table[100..150], .. table[250..]]));
        Assert.Equal(A, model.OwnerOf(table[99]));
        Assert.Equal(B, model.OwnerOf(table[150]));
        Assert.Equal(C, model.OwnerOf(table[100]));
        Assert.Equal(C, model.OwnerOf(table[299]));
        Assert.True(model.Plan(
            new DeviceConfig([
                new PeerConfig(A, Set(table[..100])),
                new PeerConfig(B, Set(table[150..250])),
                new PeerConfig(C, Set([.. table[100..150], .. table[250..]])),
            ]),
            AllowedIpRemoval.Replace).IsEmpty);
    }

    [Fact]
    public void A_committed_list_is_the_models_own_copy_not_the_callers_set()
    {
        var table = Table(20);
        var given = Set(table[..10]);
        var model = new DeviceModel();
        model.Commit(model.Plan(new DeviceConfig([new PeerConfig(A, given)]), AllowedIpRemoval.Replace));

        given.Clear();
        given.UnionWith(table[10..]);

        Assert.True(Assert.Single(model.Peers()).AllowedIps.SetEquals(table[..10]));
        Assert.Equal(A, model.OwnerOf(table[0]));
        Assert.Null(model.OwnerOf(table[10]));
    }

    [Fact]
    public void A_peer_that_loses_prefixes_and_is_replaced_keeps_exactly_its_desired_list()
    {
        var table = Table(40);
        var model = new DeviceModel();
        model.Commit(model.Plan(new DeviceConfig([new PeerConfig(A, Set(table[..20])), new PeerConfig(B, Set(table[20..]))]), AllowedIpRemoval.Replace));

        // A drops 0..9 (a replacement of its whole list) and takes 20..24 from B.
        var plan = model.Plan(
            new DeviceConfig([new PeerConfig(A, Set(table[10..25])), new PeerConfig(B, Set(table[25..]))]), AllowedIpRemoval.Replace);
        model.Commit(plan);

        var peers = model.Peers().ToDictionary(p => p.PublicKey);
        Assert.True(Assert.Single(plan.Peers).ReplaceAllowedIps);
        Assert.True(peers[A].AllowedIps.SetEquals(table[10..25]));
        Assert.True(peers[B].AllowedIps.SetEquals(table[25..]));
        Assert.Null(model.OwnerOf(table[0]));
        Assert.Equal(A, model.OwnerOf(table[20]));
    }

    private static IPNetwork[] Table(int count) =>
        [.. Enumerable.Range(0, count).Select(i => IPNetwork.Parse($"2001:db8:{i / 256:x}:{i % 256:x}::/64"))];

    private static HashSet<IPNetwork> Set(IEnumerable<IPNetwork> prefixes) => [.. prefixes];
}
