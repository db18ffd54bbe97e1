using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

public sealed class WgToolWireGuardDeviceTests
{
    private static readonly WireGuardKey A = WireGuardKey.Parse("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=");
    private static readonly WireGuardKey B = WireGuardKey.Parse("IEUPk8JifnMKtVjGEBdlQguhXDKOjRjAZUxwPKPYnW4=");

    [Fact]
    public void A_wg_show_dump_yields_device_and_peers()
    {
        // wg show IFACE dump (wireguard-tools 1.0.20210914 against wireguard-go).
        var dump =
            "6F1hHnwDdOqqD6EYVw0o3/zNA551zrsSbehFGWgxYHM=\tRmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=\t54823\toff\n"
            + "IEUPk8JifnMKtVjGEBdlQguhXDKOjRjAZUxwPKPYnW4=\t(none)\t[2001:db8::2]:51820\tfd00::1/128,198.18.0.0/24\t1700000000\t100\t200\t25\n"
            + "RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=\t(none)\t(none)\t(none)\t0\t0\t0\toff\n";

        var (privateKey, state) = WgToolWireGuardDevice.ParseDump(dump);

        Assert.Equal(WireGuardKey.Parse("6F1hHnwDdOqqD6EYVw0o3/zNA551zrsSbehFGWgxYHM="), privateKey);
        Assert.Equal(A, state.PublicKey);
        Assert.Equal(54823, state.ListenPort);
        var b = state.Peers[0];
        Assert.Equal(B, b.PublicKey);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::2]:51820"), b.Endpoint);
        Assert.Equal(new HashSet<IPNetwork> { IPNetwork.Parse("fd00::1/128"), IPNetwork.Parse("198.18.0.0/24") }, b.AllowedIps);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), b.LastHandshake);
        Assert.Equal((100L, 200L), (b.ReceivedBytes, b.TransmittedBytes));
        Assert.Equal(TimeSpan.FromSeconds(25), b.PersistentKeepalive);
        var a = state.Peers[1];
        Assert.Null(a.Endpoint);
        Assert.Null(a.LastHandshake);
        Assert.Null(a.PersistentKeepalive);
        Assert.Empty(a.AllowedIps);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x\ty\n")]
    [InlineData("(none)\t(none)\t1\toff\nshort\tline\n")]
    public void Output_that_is_not_a_dump_is_refused(string dump)
    {
        Assert.ThrowsAny<FormatException>(() => WgToolWireGuardDevice.ParseDump(dump));
    }

    [Fact]
    public void A_change_is_one_wg_set_with_each_changed_peers_whole_list()
    {
        var model = DeviceModel.FromState(null, 51820, [
            new PeerState(A, new HashSet<IPNetwork> { IPNetwork.Parse("198.18.0.0/24"), IPNetwork.Parse("198.18.5.0/24") }, null, null, null, 0, 0),
            new PeerState(B, new HashSet<IPNetwork>(), null, null, null, 0, 0),
        ]);
        var plan = model.Plan(
            new DeviceConfig([new PeerConfig(A, new HashSet<IPNetwork> { IPNetwork.Parse("198.18.0.0/24") }, IPEndPoint.Parse("192.0.2.1:51820"), TimeSpan.FromSeconds(25))])
            {
                RemoveOtherPeers = true,
                ListenPort = 51821,
            },
            AllowedIpRemoval.Replace);

        var command = Assert.Single(WgToolWireGuardDevice.BuildCommands("wg0", plan));

        Assert.Equal(
            ["set", "wg0", "listen-port", "51821", "peer", A.ToBase64(), "endpoint", "192.0.2.1:51820", "persistent-keepalive", "25",
             "allowed-ips", "198.18.0.0/24", "peer", B.ToBase64(), "remove"],
            command.Arguments);
        Assert.Null(command.Input);
    }

    [Fact]
    public void A_private_key_goes_on_standard_input_never_on_the_command_line()
    {
        var key = WireGuardKey.GeneratePrivateKey();
        var plan = new DeviceModel().Plan(new DeviceConfig([]) { PrivateKey = key }, AllowedIpRemoval.Replace);

        var command = Assert.Single(WgToolWireGuardDevice.BuildCommands("wg0", plan));

        Assert.Equal(["set", "wg0", "private-key", "/dev/stdin"], command.Arguments);
        Assert.Equal(key.ToBase64() + "\n", command.Input);
    }

    [Fact]
    public void A_list_too_long_for_a_command_line_goes_through_addconf_and_removals_follow_in_a_set()
    {
        var model = DeviceModel.FromState(null, 0, [new PeerState(B, new HashSet<IPNetwork>(), null, null, null, 0, 0)]);
        var prefixes = Enumerable.Range(0, 10_000).Select(i => IPNetwork.Parse($"2001:db8:{i:x}::/48")).ToHashSet();
        var plan = model.Plan(new DeviceConfig([new PeerConfig(A, prefixes)]) { RemoveOtherPeers = true }, AllowedIpRemoval.Replace);

        var commands = WgToolWireGuardDevice.BuildCommands("wg0", plan);

        Assert.Equal(2, commands.Count);
        Assert.Equal(["addconf", "wg0", "/dev/stdin"], commands[0].Arguments);
        Assert.Contains($"[Peer]\nPublicKey = {A.ToBase64()}\nAllowedIPs = 2001:db8::/48\n", commands[0].Input, StringComparison.Ordinal);
        Assert.Equal(10_000, commands[0].Input!.Split('\n').Count(l => l.StartsWith("AllowedIPs = ", StringComparison.Ordinal)));
        Assert.Equal(["set", "wg0", "peer", B.ToBase64(), "remove"], commands[1].Arguments);
    }
}
