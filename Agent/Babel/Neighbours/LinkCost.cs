namespace Babelwire.Agent.Babel.Neighbours;

/// <summary>Link cost computations of RFC 8966 Appendix A.2 and RFC 9616, with babeld's formulas.</summary>
internal static class LinkCost
{
    /// <summary>A.2.1 2-out-of-3: the nominal cost when 2 of the last 3 Hellos arrived, else infinity.</summary>
    public static ushort TwoOutOfThree(ushort reach, ushort nominal)
    {
        if ((reach & 0xC000) == 0xC000)
            return nominal;
        if ((reach & 0xC000) == 0)
            return Metric.Infinity;
        return (reach & 0x2000) != 0 ? nominal : Metric.Infinity;
    }

    /// <summary>
    /// A.2.2 ETX rxcost = nominal / β with β the Hello delivery ratio, weighted as babeld does (the two newest
    /// Hellos count more); infinity when nothing arrived in the last 12 Hellos.
    /// </summary>
    public static ushort Etx(ushort reach, ushort nominal)
    {
        if ((reach & 0xFFF0) == 0)
            return Metric.Infinity;
        var sreach = ((reach & 0x8000) >> 2) + ((reach & 0x4000) >> 1) + (reach & 0x3FFF);
        var cost = 0x8000L * nominal / (sreach + 1);
        return (ushort)Math.Min(cost, Metric.Infinity);
    }

    public static ushort RxCost(ushort reach, LinkCostKind kind, ushort nominal)
        => kind == LinkCostKind.Etx ? Etx(reach, nominal) : TwoOutOfThree(reach, nominal);

    /// <summary>
    /// Combines both directions. For 2-out-of-3 the larger of the two (symmetric, so both ends agree on the
    /// link, BABEL.md §5); for ETX babeld's product (max(tx,256)·max(rx,256)+128) >> 8.
    /// </summary>
    public static ushort Combine(ushort rxCost, ushort txCost, LinkCostKind kind)
    {
        if (rxCost == Metric.Infinity || txCost == Metric.Infinity)
            return Metric.Infinity;
        if (kind != LinkCostKind.Etx || (rxCost < 256 && txCost < 256))
            return Math.Max(rxCost, txCost);
        long a = Math.Max(txCost, (ushort)256);
        long b = Math.Max(rxCost, (ushort)256);
        return (ushort)Math.Min(((a * b) + 128) >> 8, Metric.Infinity);
    }

    /// <summary>RFC 9616 / babeld: 0 up to rttMin, linear to maxPenalty at rttMax, flat above.</summary>
    public static ushort RttPenalty(TimeSpan rtt, TimeSpan rttMin, TimeSpan rttMax, ushort maxPenalty)
    {
        if (maxPenalty == 0 || rtt <= rttMin)
            return 0;
        if (rtt >= rttMax || rttMax <= rttMin)
            return maxPenalty;
        return (ushort)(maxPenalty * (rtt - rttMin).Ticks / (rttMax - rttMin).Ticks);
    }
}
