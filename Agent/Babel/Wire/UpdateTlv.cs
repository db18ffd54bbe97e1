using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.9 Update, with AE 4 from RFC 9229 §2:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 8    |    Length     |       AE      |    Flags      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Plen      |    Omitted    |            Interval           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            Seqno              |            Metric             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Prefix...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Flags: P (0x80) makes this prefix the default for its AE; R (0x40) takes the router-id from the prefix's last
/// 8 octets (IPv4: zero-padded). The prefix carries ⌈Plen/8⌉ − Omitted octets; Omitted leading octets come from the
/// default prefix of the same AE. Metric 0xFFFF is a retraction; AE 0 is only valid as a retraction with Plen 0.
/// </summary>
public static class UpdateTlv
{
    public const byte PrefixFlag = 0x80;
    public const byte RouterIdFlag = 0x40;

    public const int FixedBodyLength =
        sizeof(byte) +     // AE
        sizeof(byte) +     // Flags
        sizeof(byte) +     // Plen
        sizeof(byte) +     // Omitted
        sizeof(ushort) +   // Interval, centiseconds
        sizeof(ushort) +   // Seqno
        sizeof(ushort);    // Metric

    private const int FlagsOffset = sizeof(byte);
    private const int PlenOffset = FlagsOffset + sizeof(byte);
    private const int OmittedOffset = PlenOffset + sizeof(byte);
    private const int IntervalOffset = OmittedOffset + sizeof(byte);
    private const int SeqnoOffset = IntervalOffset + sizeof(ushort);
    private const int MetricOffset = SeqnoOffset + sizeof(ushort);

    /// <summary>
    /// Reads an Update (→ <see cref="Update"/>) or an AE 0 retraction (→ <see cref="WildcardRetraction"/>), applying the
    /// P and R flags to <paramref name="state"/> as soon as the prefix parses, even if the TLV is then dropped
    /// (RFC 8966 §4.4, as babeld does). The next hop is the state's next hop of the AE's family.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, ref ParserState state, [NotNullWhen(true)] out Tlv? update, out TlvDropReason reason)
    {
        update = null;
        if (body.Length < FixedBodyLength)
        {
            if (body.Length > FlagsOffset && (body[FlagsOffset] & PrefixFlag) != 0)
                state.ClearDefaultPrefix(body[0]);
            reason = TlvDropReason.Truncated;
            return false;
        }
        var ae = body[0];
        var flags = body[FlagsOffset];
        int plen = body[PlenOffset];
        int omitted = body[OmittedOffset];
        var interval = BinaryPrimitives.ReadUInt16BigEndian(body[IntervalOffset..]);
        var metric = BinaryPrimitives.ReadUInt16BigEndian(body[MetricOffset..]);

        if (ae == AddressEncoding.Wildcard)
            return TryReadWildcard(body, plen, omitted, interval, metric, out update, out reason);

        Span<byte> prefix = stackalloc byte[AddressEncoding.IPv6Length];
        reason = Prefixes.TryRead(ae, plen, omitted, body[FixedBodyLength..], in state, prefix, out var prefixLength);
        if (reason != TlvDropReason.None)
        {
            if ((flags & PrefixFlag) != 0)
                state.ClearDefaultPrefix(ae);
            return false;
        }

        // RFC 8966 §4.5: parser-state effects first; they stand even if the TLV is ignored below.
        var isIPv4 = Prefixes.IsIPv4(ae);
        if ((flags & PrefixFlag) != 0)
            state.SetDefaultPrefix(ae, prefix);
        if ((flags & RouterIdFlag) != 0)
        {
            var fromPrefix = isIPv4
                ? new RouterId(BinaryPrimitives.ReadUInt32BigEndian(prefix))
                : RouterId.Read(prefix[(AddressEncoding.IPv6Length - RouterId.Size)..]);
            state.RouterId = fromPrefix.IsValid ? fromPrefix : null;
        }

        reason = SubTlvs.Scan(body[(FixedBodyLength + prefixLength)..], 0, out _, out _);
        if (reason != TlvDropReason.None)
            return false;
        if (interval == 0)
        {
            reason = TlvDropReason.ZeroInterval;
            return false;
        }

        var nextHop = ae == AddressEncoding.IPv4 ? state.NextHopIPv4 : state.NextHopIPv6;
        if (metric != Update.Infinity)
        {
            if (state.RouterId is null)
            {
                reason = TlvDropReason.MissingRouterId;
                return false;
            }
            if (ae == AddressEncoding.IPv4 && nextHop is null)
            {
                reason = TlvDropReason.MissingNextHop;
                return false;
            }
        }

        update = new Update(
            Prefixes.ToNetwork(ae, prefix, plen),
            state.RouterId ?? default,
            new SeqNo(BinaryPrimitives.ReadUInt16BigEndian(body[SeqnoOffset..])),
            metric,
            Centiseconds.ToTimeSpan(interval),
            nextHop);
        return true;
    }

    private static bool TryReadWildcard(
        ReadOnlySpan<byte> body, int plen, int omitted, ushort interval, ushort metric, out Tlv? update, out TlvDropReason reason)
    {
        update = null;
        if (plen != 0 || omitted != 0 || metric != Update.Infinity)
        {
            reason = TlvDropReason.InvalidWildcard;
            return false;
        }
        reason = SubTlvs.Scan(body[FixedBodyLength..], 0, out _, out _);
        if (reason != TlvDropReason.None)
            return false;
        if (interval == 0)
        {
            reason = TlvDropReason.ZeroInterval;
            return false;
        }
        update = new WildcardRetraction(Centiseconds.ToTimeSpan(interval));
        return true;
    }

    /// <summary>Octets an Update carrying <paramref name="prefixOctets"/> prefix octets takes, header included.</summary>
    public static int EncodedLength(int prefixOctets) => TlvType.HeaderLength + FixedBodyLength + prefixOctets;

    /// <summary>
    /// Writes an Update for AE 1, 2 or 4. <paramref name="prefix"/> holds the whole masked prefix (4 or 16 octets);
    /// only the octets after <paramref name="omitted"/> up to ⌈<paramref name="plen"/>/8⌉ go on the wire. The writer,
    /// not this method, decides whether the receiver has a default prefix to borrow them from.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination, byte ae, byte flags, int plen, int omitted, ReadOnlySpan<byte> prefix,
        TimeSpan interval, SeqNo seqno, ushort metric, out int written)
    {
        written = 0;
        var carried = ((plen + 7) >> 3) - omitted;
        var total = EncodedLength(carried);
        if (destination.Length < total)
            return false;
        TlvType.WriteHeader(destination, TlvType.Update, FixedBodyLength + carried);
        var body = destination[TlvType.HeaderLength..];
        body[0] = ae;
        body[FlagsOffset] = flags;
        body[PlenOffset] = (byte)plen;
        body[OmittedOffset] = (byte)omitted;
        BinaryPrimitives.WriteUInt16BigEndian(body[IntervalOffset..], Centiseconds.FromTimeSpanNonZero(interval));
        BinaryPrimitives.WriteUInt16BigEndian(body[SeqnoOffset..], seqno.Value);
        BinaryPrimitives.WriteUInt16BigEndian(body[MetricOffset..], metric);
        prefix.Slice(omitted, carried).CopyTo(body[FixedBodyLength..]);
        written = total;
        return true;
    }

    /// <summary>Writes an AE 0, Plen 0 retraction of every route the sender advertised here.</summary>
    public static bool TryWrite(Span<byte> destination, in WildcardRetraction retraction, out int written) =>
        TryWrite(destination, AddressEncoding.Wildcard, 0, 0, 0, [], retraction.Interval, default, Update.Infinity, out written);

    /// <summary>The masked prefix octets of <paramref name="network"/> (4 or 16) into <paramref name="destination"/>.</summary>
    internal static int WritePrefixOctets(IPNetwork network, Span<byte> destination)
    {
        network.BaseAddress.TryWriteBytes(destination, out var length);
        Prefixes.Mask(destination, network.PrefixLength, length);
        return length;
    }
}
