namespace Babelwire.Agent.Tests;

public sealed class MartianAgreementTests
{
    [Theory]
    [InlineData("2001:db8::/32")]
    [InlineData("fe80::/10")]
    [InlineData("fe80::/64")]
    [InlineData("fec0::/10")]
    [InlineData("ff02::/16")]
    [InlineData("::/0")]
    [InlineData("::/128")]
    [InlineData("::1/128")]
    [InlineData("::2/128")]
    [InlineData("0.0.0.0/0")]
    [InlineData("0.0.0.0/8")]
    [InlineData("1.0.0.0/8")]
    [InlineData("127.0.0.0/8")]
    [InlineData("127.0.0.1/32")]
    [InlineData("198.18.0.0/15")]
    [InlineData("224.0.0.0/4")]
    [InlineData("239.1.0.0/16")]
    [InlineData("240.0.0.0/4")]
    [InlineData("255.255.255.255/32")]
    [InlineData("192.0.0.0/2")]
    public void The_config_refuses_exactly_the_prefixes_the_engine_refuses_to_announce(string prefix)
    {
        var config = ConfigText.BindWith(topLevel: $$""" "announce": [ { "prefix": "{{prefix}}" } ] """);
        var router = new Babel.BabelRouter(new Babel.BabelRouterOptions(new Babel.RouterId(1)), TimeProvider.System, new Random(1));

        var engineRefuses = Record.Exception(() => router.Announce(System.Net.IPNetwork.Parse(prefix))) is ArgumentException;

        Assert.Equal(engineRefuses, config.Options is null);
    }
}
