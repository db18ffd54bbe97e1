using Babelwire.Controller.Services;

namespace Babelwire.Controller.Tests.Settings;

public sealed class MeshOptionsValidatorTests
{
    [Theory]
    [InlineData("fd00:b:1::/48", "198.18.0.0/16", true)]
    [InlineData("fd00:b:1::5/48", "198.18.0.0/16", false)] // host bits: a typo, not silently another prefix
    [InlineData("fd00:b:1::/48", "198.18.0.1/16", false)]
    [InlineData("2001:db8::/48", "198.18.0.0/16", false)] // not a unique local prefix
    [InlineData("fd00:b:1::/64", "198.18.0.0/16", false)]
    [InlineData("fd00:b:1::/48", "198.18.0.0/31", false)]
    public void Overlay_prefixes_must_be_exact_prefixes_of_the_right_kind(string ipv6, string ipv4, bool valid)
    {
        var result = new MeshOptionsValidator().Validate(null, new MeshOptions { OverlayIPv6Prefix = ipv6, OverlayIPv4Prefix = ipv4 });

        Assert.Equal(valid, result.Succeeded);
    }
}
