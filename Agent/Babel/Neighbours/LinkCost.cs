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
    /// link, docs/babel-notes.md §5); for ETX babeld's product (max(tx,256)·max(rx,256)+128) >> 8.
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

    /// <summary>
    /// The agreed cost of a symmetric-cost link (docs/babel-notes.md §5): each end's figure is what its IHUs carry (its rxcost
    /// plus its own RTT penalty), so max(ours, theirs) is one number at both ends; the pair perturbation is added.
    /// </summary>
    public static ushort Agreed(ushort ours, ushort theirs, ushort perturbation)
    {
        if (ours == Metric.Infinity || theirs == Metric.Infinity)
            return Metric.Infinity;
        // Never 0: a route through the neighbour would equal our own FD, hence be unfeasible.
        return Math.Max((ushort)1, Metric.Add(Math.Max(ours, theirs), perturbation));
    }

    /// <summary>
    /// 0 to <paramref name="max"/> from the unordered pair of link-local addresses: the same number at both ends of a
    /// link, spread evenly over links. Babelwire derives link-locals from public keys, so this is the pair of keys.
    /// </summary>
    public static ushort PairPerturbation(UInt128 a, UInt128 b, ushort max)
    {
        if (max == 0)
            return 0;
        var (low, high) = a <= b ? (a, b) : (b, a);
        var h = Mix((ulong)(low >> 64));
        h = Mix(h ^ (ulong)low);
        h = Mix(h ^ (ulong)(high >> 64));
        h = Mix(h ^ (ulong)high);
        return (ushort)(h % ((ulong)max + 1));
    }

    /// <inheritdoc cref="PairPerturbation(UInt128, UInt128, ushort)"/>
    public static ushort PairPerturbation(System.Net.IPAddress a, System.Net.IPAddress b, ushort max)
        => PairPerturbation(Key(a), Key(b), max);

    /// <summary>An address as a 128-bit number (IPv4 mapped to IPv6).</summary>
    public static UInt128 Key(System.Net.IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.MapToIPv6().TryWriteBytes(bytes, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>The penalty rounded to the nearest multiple of <paramref name="quantum"/>, at most <paramref name="maxPenalty"/>.</summary>
    public static ushort Quantise(ushort penalty, ushort quantum, ushort maxPenalty)
    {
        if (quantum <= 1)
            return penalty;
        var rounded = (penalty + (quantum / 2)) / quantum * quantum;
        return (ushort)Math.Min(rounded, maxPenalty);
    }

    /// <summary>SplitMix64's finaliser: a fixed, well-spread 64-bit mix (never a per-process randomised hash).</summary>
    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
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
