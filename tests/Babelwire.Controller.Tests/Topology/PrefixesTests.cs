using Babelwire.Controller.Services;

namespace Babelwire.Controller.Tests.Topology;

/// <summary>Strict prefix parsing, for IPv4 as well as IPv6: agents report their /32s as routes.</summary>
public sealed class PrefixesTests
{
    [Theory]
    [InlineData("198.18.0.2/32", true)]
    [InlineData("198.51.100.0/24", true)]
    [InlineData("198.51.100.1/24", false)]
    [InlineData("fd00:b:3::2/128", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("2001:db8::1/32", false)]
    [InlineData("198.18.0.2", false)]
    public void A_prefix_parses_only_without_host_bits_and_IPv4_does_not_throw(string text, bool valid)
    {
        Assert.Equal(valid, Prefixes.TryParseStrict(text, out _));
    }
}
