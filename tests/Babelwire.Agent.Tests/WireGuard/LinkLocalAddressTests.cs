using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

public sealed class LinkLocalAddressTests
{
    [Fact]
    public void The_address_of_a_key_is_fixed_so_every_peer_computes_the_same_one()
    {
        // Computed independently (Python's hashlib) from the definition: fe80:: + SHA-256(label ‖ 0 ‖ key)[0..8], u bit cleared.
        var key = WireGuardKey.Parse("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=");

        Assert.Equal(IPAddress.Parse("fe80::c951:9695:3a69:ef3a"), LinkLocalAddress.FromPublicKey(key));
        Assert.Equal(LinkLocalAddress.FromPublicKey(key), LinkLocalAddress.FromPublicKey(WireGuardKey.Parse(key.ToBase64())));
    }

    [Fact]
    public void Addresses_are_in_fe80_64_with_the_universal_bit_clear_and_distinct_per_key()
    {
        var addresses = new HashSet<IPAddress>();
        for (var i = 0; i < 2000; i++)
        {
            var address = LinkLocalAddress.FromPublicKey(WireGuardKey.GeneratePrivateKey().DerivePublicKey());
            var octets = address.GetAddressBytes();

            Assert.True(LinkLocalAddress.Prefix.Contains(address), $"{address} is not in fe80::/64");
            Assert.Equal(0, octets[8] & 0x02);
            Assert.True(addresses.Add(address), $"{address} came out twice");
        }
    }

    [Theory]
    [InlineData("0000000000000000", true)]
    [InlineData("fdffffffffffff80", true)]
    [InlineData("fdffffffffffffff", true)]
    [InlineData("fdffffffffffff7f", false)]
    [InlineData("0000000000000001", false)]
    public void Reserved_interface_identifiers_are_recognised(string hex, bool reserved)
    {
        Assert.Equal(reserved, LinkLocalAddress.IsReservedInterfaceIdentifier(Convert.FromHexString(hex)));
    }
}
