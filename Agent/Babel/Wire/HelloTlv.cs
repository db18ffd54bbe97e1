using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.5 Hello, with the RFC 9616 §3.1 Timestamp sub-TLV (4 octets) after it:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 4    |    Length     |         Flags                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            Seqno              |            Interval           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Flags: U (0x8000) marks a Unicast Hello; the other bits are sent 0 and ignored. Interval 0 means unscheduled.
/// </summary>
public static class HelloTlv
{
    public const ushort UnicastFlag = 0x8000;

    public const int BodyLength =
        sizeof(ushort) +   // Flags (U bit = unicast)
        sizeof(ushort) +   // Seqno
        sizeof(ushort);    // Interval, centiseconds

    /// <summary>RFC 9616 §3.1: the sender's 32-bit transmit time.</summary>
    public const int TimestampBodyLength = sizeof(uint);

    private const int SeqnoOffset = sizeof(ushort);
    private const int IntervalOffset = SeqnoOffset + sizeof(ushort);

    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out Hello? hello, out TlvDropReason reason)
    {
        hello = null;
        if (body.Length < BodyLength)
        {
            reason = TlvDropReason.Truncated;
            return false;
        }
        reason = SubTlvs.Scan(body[BodyLength..], TimestampBodyLength, out var timestamp, out var hasTimestamp);
        if (reason != TlvDropReason.None)
            return false;
        hello = new Hello(
            (BinaryPrimitives.ReadUInt16BigEndian(body) & UnicastFlag) != 0,
            new SeqNo(BinaryPrimitives.ReadUInt16BigEndian(body[SeqnoOffset..])),
            Centiseconds.ToTimeSpan(BinaryPrimitives.ReadUInt16BigEndian(body[IntervalOffset..])),
            hasTimestamp ? (uint)timestamp : null);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, in Hello hello, out int written)
    {
        written = 0;
        var bodyLength = BodyLength + (hello.Timestamp is null ? 0 : SubTlvs.TimestampLength(TimestampBodyLength));
        if (destination.Length < TlvType.HeaderLength + bodyLength)
            return false;
        TlvType.WriteHeader(destination, TlvType.Hello, bodyLength);
        var body = destination[TlvType.HeaderLength..];
        BinaryPrimitives.WriteUInt16BigEndian(body, hello.IsUnicast ? UnicastFlag : (ushort)0);
        BinaryPrimitives.WriteUInt16BigEndian(body[SeqnoOffset..], hello.Seqno.Value);
        BinaryPrimitives.WriteUInt16BigEndian(body[IntervalOffset..], Centiseconds.FromTimeSpan(hello.Interval));
        if (hello.Timestamp is { } timestamp)
            SubTlvs.WriteTimestamp(body[BodyLength..], timestamp);
        written = TlvType.HeaderLength + bodyLength;
        return true;
    }
}
