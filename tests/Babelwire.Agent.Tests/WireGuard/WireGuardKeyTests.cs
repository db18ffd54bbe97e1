using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

public sealed class WireGuardKeyTests
{
    // Made with `wg genkey | tee priv | wg pubkey` (wireguard-tools 1.0.20210914).
    private const string WgPrivate = "6F1hHnwDdOqqD6EYVw0o3/zNA551zrsSbehFGWgxYHM=";
    private const string WgPublic = "RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=";

    [Fact]
    public void The_public_key_derived_from_a_wg_genkey_private_key_is_the_one_wg_pubkey_prints()
    {
        Assert.Equal(WireGuardKey.Parse(WgPublic), WireGuardKey.Parse(WgPrivate).DerivePublicKey());
    }

    [Fact]
    public void The_rfc_7748_x25519_test_vector_derives_alices_public_key()
    {
        // RFC 7748 §6.1: Alice's private key and its public key.
        var alice = WireGuardKey.ParseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", alice.DerivePublicKey().ToHex());
    }

    [Fact]
    public void Base64_and_hex_round_trip_and_describe_the_same_octets()
    {
        var key = WireGuardKey.Parse(WgPublic);

        Assert.Equal(WgPublic, key.ToBase64());
        Assert.Equal(WgPublic, key.ToString());
        Assert.Equal(key, WireGuardKey.ParseHex(key.ToHex()));
        Assert.Equal(Convert.FromBase64String(WgPublic), key.ToArray());
        Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String(WgPublic)), key.ToHex());
    }

    [Fact]
    public void Keys_with_the_same_octets_are_equal_and_hash_alike()
    {
        var a = WireGuardKey.Parse(WgPublic);
        var b = new WireGuardKey(Convert.FromBase64String(WgPublic));
        var other = WireGuardKey.Parse(WgPrivate);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.NotEqual(a, other);
        Assert.Single(new HashSet<WireGuardKey> { a, b });
    }

    [Theory]
    [InlineData("")]
    [InlineData("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA")]
    [InlineData("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyAA")]
    [InlineData("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFy==")]
    [InlineData("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QF!A=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Base64_that_is_not_32_octets_is_refused(string text)
    {
        Assert.False(WireGuardKey.TryParse(text, out _));
        Assert.Throws<FormatException>(() => WireGuardKey.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6")]
    [InlineData("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a00")]
    [InlineData("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6g")]
    public void Hex_that_is_not_64_digits_is_refused(string text)
    {
        Assert.False(WireGuardKey.TryParseHex(text, out _));
        Assert.Throws<FormatException>(() => WireGuardKey.ParseHex(text));
    }

    [Fact]
    public void A_wrong_number_of_octets_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new WireGuardKey(new byte[31]));
    }

    [Fact]
    public void Generated_private_keys_are_clamped_distinct_and_not_zero()
    {
        var keys = Enumerable.Range(0, 20).Select(_ => WireGuardKey.GeneratePrivateKey()).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        foreach (var key in keys)
        {
            var octets = key.ToArray();
            Assert.Equal(0, octets[0] & 7);
            Assert.Equal(0x40, octets[31] & 0xc0);
            Assert.False(key.IsZero);
            Assert.NotEqual(key, key.DerivePublicKey());
        }
    }

    [Fact]
    public void The_default_key_is_zero()
    {
        Assert.True(default(WireGuardKey).IsZero);
        Assert.Equal(new string('0', 64), default(WireGuardKey).ToHex());
    }
}
