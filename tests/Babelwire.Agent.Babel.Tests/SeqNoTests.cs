using CsCheck;

namespace Babelwire.Agent.Babel.Tests;

public sealed class SeqNoTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(0xFFFF, 0)]
    [InlineData(0xFFF0, 0x10)]
    [InlineData(0, 0x7FFF)]
    public void Seqno_is_less_than_one_ahead_of_it_modulo_2_16(int a, int b)
    {
        Assert.True(new SeqNo((ushort)a).IsLessThan(new SeqNo((ushort)b)));
        Assert.False(new SeqNo((ushort)b).IsLessThan(new SeqNo((ushort)a)));
    }

    [Fact]
    public void At_a_distance_of_exactly_32768_neither_is_less()
    {
        var a = new SeqNo(5);
        var b = a.Plus(0x8000);
        Assert.False(a.IsLessThan(b));
        Assert.False(b.IsLessThan(a));
        Assert.False(a.IsGreaterThan(b));
    }

    [Fact]
    public void A_seqno_is_not_less_than_itself() => Assert.False(new SeqNo(42).IsLessThan(new SeqNo(42)));

    [Fact]
    public void Order_is_antisymmetric_away_from_32768() =>
        Gen.UShort.Select(Gen.UShort).Sample((a, b) =>
        {
            var x = new SeqNo(a);
            var y = new SeqNo(b);
            var distance = (ushort)(b - a);
            if (distance is 0 or 0x8000)
                return !x.IsLessThan(y) && !y.IsLessThan(x);
            return x.IsLessThan(y) != y.IsLessThan(x);
        });

    [Fact]
    public void Plus_wraps_around() => Assert.Equal(new SeqNo(1), new SeqNo(0xFFFF).Plus(2));
}
