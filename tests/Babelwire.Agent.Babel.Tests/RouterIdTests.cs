
namespace Babelwire.Agent.Babel.Tests;

public sealed class RouterIdTests
{
    [Fact]
    public void Formats_and_parses_as_babeld_prints_it()
    {
        var id = new RouterId(0x0211_22ff_fe33_4455);
        Assert.Equal("02:11:22:ff:fe:33:44:55", id.ToString());
        Assert.True(RouterId.TryParse("02:11:22:ff:fe:33:44:55", out var parsed));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(ulong.MaxValue)]
    public void All_zeros_and_all_ones_are_invalid(ulong value) => Assert.False(new RouterId(value).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("02:11:22")]
    [InlineData("zz:11:22:ff:fe:33:44:55")]
    public void Garbage_does_not_parse(string text) => Assert.False(RouterId.TryParse(text, out _));
}
