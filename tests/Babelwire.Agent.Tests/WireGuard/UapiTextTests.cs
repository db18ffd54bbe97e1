using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

public sealed class UapiTextTests
{
    private static readonly WireGuardKey PrivateKey = WireGuardKey.Parse("6F1hHnwDdOqqD6EYVw0o3/zNA551zrsSbehFGWgxYHM=");
    private static readonly WireGuardKey PeerA = WireGuardKey.Parse("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=");
    private static readonly WireGuardKey PeerB = WireGuardKey.Parse("IEUPk8JifnMKtVjGEBdlQguhXDKOjRjAZUxwPKPYnW4=");

    // The shape wireguard-go 0.0.20220316 answers to get=1 (IpcGetOperation), with a peer on each address family.
    private static readonly string GetReply =
        $"private_key={PrivateKey.ToHex()}\n"
        + "listen_port=51820\n"
        + "fwmark=51\n"
        + $"public_key={PeerA.ToHex()}\n"
        + $"preshared_key={new string('0', 64)}\n"
        + "protocol_version=1\n"
        + "endpoint=192.0.2.7:51821\n"
        + "last_handshake_time_sec=1700000000\n"
        + "last_handshake_time_nsec=250000000\n"
        + "tx_bytes=1234\n"
        + "rx_bytes=5678\n"
        + "persistent_keepalive_interval=25\n"
        + "allowed_ip=fe80::c951:9695:3a69:ef3a/128\n"
        + "allowed_ip=198.18.0.0/24\n"
        + $"public_key={PeerB.ToHex()}\n"
        + $"preshared_key={new string('1', 64)}\n"
        + "protocol_version=1\n"
        + "endpoint=[2001:db8::7]:51822\n"
        + "last_handshake_time_sec=0\n"
        + "last_handshake_time_nsec=0\n"
        + "tx_bytes=0\n"
        + "rx_bytes=0\n"
        + "persistent_keepalive_interval=0\n"
        + "errno=0\n";

    [Fact]
    public void A_get_reply_yields_keys_port_fwmark_and_every_peer_field()
    {
        var configuration = UapiText.ParseGet("wg0", GetReply);

        Assert.Equal(PrivateKey, configuration.PrivateKey);
        Assert.Equal(51820, configuration.ListenPort);
        Assert.Equal(51, configuration.FirewallMark);
        Assert.Equal(2, configuration.Peers.Count);
        var a = configuration.Peers[0];
        Assert.Equal(PeerA, a.PublicKey);
        Assert.Equal(IPEndPoint.Parse("192.0.2.7:51821"), a.Endpoint);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddMilliseconds(250), a.LastHandshake);
        Assert.Equal(1234, a.TransmittedBytes);
        Assert.Equal(5678, a.ReceivedBytes);
        Assert.Equal(TimeSpan.FromSeconds(25), a.PersistentKeepalive);
        Assert.Equal(1, a.ProtocolVersion);
        Assert.False(a.HasPresharedKey);
        Assert.Equal(
            new HashSet<IPNetwork> { IPNetwork.Parse("fe80::c951:9695:3a69:ef3a/128"), IPNetwork.Parse("198.18.0.0/24") },
            a.AllowedIps);
        var b = configuration.Peers[1];
        Assert.Equal(IPEndPoint.Parse("[2001:db8::7]:51822"), b.Endpoint);
        Assert.Null(b.LastHandshake);
        Assert.Null(b.PersistentKeepalive);
        Assert.True(b.HasPresharedKey);
        Assert.Empty(b.AllowedIps);
    }

    [Fact]
    public void The_device_state_carries_the_public_key_of_the_private_key()
    {
        var state = UapiText.ParseGet("wg0", GetReply).ToDeviceState();

        Assert.Equal(PrivateKey.DerivePublicKey(), state.PublicKey);
        Assert.Equal(51820, state.ListenPort);
        Assert.Equal([PeerA, PeerB], state.Peers.Select(p => p.PublicKey));
    }

    [Fact]
    public void A_device_without_key_or_peers_parses()
    {
        var configuration = UapiText.ParseGet("wg0", "listen_port=0\nerrno=0\n");

        Assert.Null(configuration.PrivateKey);
        Assert.Null(configuration.ToDeviceState().PublicKey);
        Assert.Empty(configuration.Peers);
    }

    [Fact]
    public void A_negative_errno_in_a_get_reply_is_a_typed_error_with_the_positive_number()
    {
        var error = Assert.Throws<UapiException>(() => UapiText.ParseGet("wg7", "errno=-22\n"));

        Assert.Equal(22, error.Errno);
        Assert.Contains("wg7", error.Message, StringComparison.Ordinal);
        Assert.Contains("EINVAL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("listen_port=51820\n")]
    [InlineData("listen_port=51820\nthis is not a line\nerrno=0\n")]
    [InlineData("listen_port=99999\nerrno=0\n")]
    [InlineData("public_key=1234\nerrno=0\n")]
    [InlineData("public_key=8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a\nallowed_ip=198.18.0.0/33\nerrno=0\n")]
    [InlineData("public_key=8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a\nendpoint=nowhere\nerrno=0\n")]
    [InlineData("public_key=8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a\nrx_bytes=-1\nerrno=0\n")]
    [InlineData("errno=0\nlisten_port=1\n")]
    [InlineData("errno=zero\n")]
    public void A_malformed_get_reply_is_a_uapi_error_without_an_errno(string reply)
    {
        var error = Assert.Throws<UapiException>(() => UapiText.ParseGet("wg0", reply));

        Assert.Null(error.Errno);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_from_newer_implementations_are_skipped()
    {
        var configuration = UapiText.ParseGet(
            "wg0", $"listen_port=1\nfuture_device_key=x\npublic_key={PeerA.ToHex()}\nfuture_peer_key=y\nerrno=0\n");

        Assert.Equal(PeerA, Assert.Single(configuration.Peers).PublicKey);
    }

    [Fact]
    public void Mutated_get_replies_never_throw_anything_but_a_uapi_error()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 3000; i++)
        {
            var text = GetReply.ToCharArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                text[random.Next(text.Length)] = "=\n0a:/[]-x"[random.Next(10)];
            }

            var mutated = new string(text, 0, random.Next(text.Length / 2, text.Length + 1));
            try
            {
                UapiText.ParseGet("wg0", mutated);
            }
            catch (UapiException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"seed 20261125, case {i}: {e.GetType().Name} on\n{mutated}\n{e}");
            }
        }
    }

    [Theory]
    [InlineData("errno=0\n", 0)]
    [InlineData("errno=-22\n", 22)]
    [InlineData("errno=98", 98)]
    public void A_set_reply_yields_its_errno(string reply, int errno)
    {
        Assert.Equal(errno, UapiText.ParseErrno("wg0", "set", reply));
    }

    [Theory]
    [InlineData("")]
    [InlineData("listen_port=1\nerrno=0\n")]
    [InlineData("errno=\n")]
    public void A_malformed_set_reply_is_a_uapi_error(string reply)
    {
        Assert.Throws<UapiException>(() => UapiText.ParseErrno("wg0", "set", reply));
    }
}
