using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.6 IHU, with the RFC 9616 §3.2 Timestamp sub-TLV (8 octets) after the address:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 5    |    Length     |       AE      |    Reserved   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            Rxcost             |            Interval           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       Address...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The address is the receiver's, never compressed: AE 0 (none), 1, 2 or 3. AE 4 is invalid here (RFC 9229 §2).
/// The interval is never 0.
/// </summary>
public static class IhuTlv
{
    public const int FixedBodyLength =
        sizeof(byte) +     // AE
        sizeof(byte) +     // Reserved
        sizeof(ushort) +   // Rxcost
        sizeof(ushort);    // Interval, centiseconds

    /// <summary>RFC 9616 §3.2: origin timestamp (echoed from the Hello) and receive timestamp.</summary>
    public const int TimestampBodyLength =
        sizeof(uint) +     // Origin
        sizeof(uint);      // Received

    private const int RxCostOffset = sizeof(byte) + sizeof(byte);
    private const int IntervalOffset = RxCostOffset + sizeof(ushort);

    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out Ihu? ihu, out TlvDropReason reason)
    {
        ihu = null;
        if (body.Length < FixedBodyLength)
        {
            reason = TlvDropReason.Truncated;
            return false;
        }
        var interval = BinaryPrimitives.ReadUInt16BigEndian(body[IntervalOffset..]);
        reason = Prefixes.TryReadAddress(body[0], body[FixedBodyLength..], out var address, out var addressLength);
        if (reason != TlvDropReason.None)
            return false;
        reason = SubTlvs.Scan(body[(FixedBodyLength + addressLength)..], TimestampBodyLength, out var timestamp, out var hasTimestamp);
        if (reason != TlvDropReason.None)
            return false;
        if (interval == 0)
        {
            reason = TlvDropReason.ZeroInterval;
            return false;
        }
        ihu = new Ihu(
            BinaryPrimitives.ReadUInt16BigEndian(body[RxCostOffset..]),
            Centiseconds.ToTimeSpan(interval),
            address,
            hasTimestamp ? new IhuTimestamp((uint)(timestamp >> 32), (uint)timestamp) : null);
        return true;
    }

    /// <summary>Address null → AE 0, fe80::/64 → AE 3, other IPv6 → AE 2, IPv4 → AE 1. A zero interval is sent as 1 cs.</summary>
    public static bool TryWrite(Span<byte> destination, in Ihu ihu, out int written)
    {
        written = 0;
        var (ae, addressLength) = Prefixes.AddressEncodingOf(ihu.Address);
        var bodyLength = FixedBodyLength + addressLength +
            (ihu.Timestamp is null ? 0 : SubTlvs.TimestampLength(TimestampBodyLength));
        if (destination.Length < TlvType.HeaderLength + bodyLength)
            return false;
        TlvType.WriteHeader(destination, TlvType.Ihu, bodyLength);
        var body = destination[TlvType.HeaderLength..];
        body[0] = ae;
        body[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(body[RxCostOffset..], ihu.RxCost);
        BinaryPrimitives.WriteUInt16BigEndian(body[IntervalOffset..], Centiseconds.FromTimeSpanNonZero(ihu.Interval));
        Prefixes.WriteAddress(body[FixedBodyLength..], ihu.Address, ae);
        if (ihu.Timestamp is { } timestamp)
            SubTlvs.WriteTimestamp(body[(FixedBodyLength + addressLength)..], timestamp.Origin, timestamp.Received);
        written = TlvType.HeaderLength + bodyLength;
        return true;
    }
}
