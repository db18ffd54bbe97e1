namespace Babelwire.Agent.Babel;

/// <summary>Babel metrics (RFC 8966 §3.5.2, Appendix A.3): 16-bit, 0xFFFF is infinity, sums saturate.</summary>
internal static class Metric
{
    public const ushort Infinity = 0xFFFF;

    /// <summary>min(a + b, infinity); infinity stays infinity.</summary>
    public static ushort Add(ushort a, ushort b) => (ushort)Math.Min(a + b, Infinity);
}
