using System.Buffers.Binary;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.4 sub-TLVs, which follow the fixed part (and address or prefix) of a TLV:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Type      |    Length     |     Body...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Sub-Pad1 (0) is a single octet and Sub-PadN (1) is skipped. Types ≥ 128 are mandatory: an unknown one makes the
/// receiver ignore the whole enclosing TLV. The only other sub-TLV known here is RFC 9616's Timestamp (type 3);
/// one with an unexpected length, or in a TLV that has no use for it, is skipped like any unknown non-mandatory sub-TLV.
/// We write at most one sub-TLV per TLV and never Sub-Pad1 (docs/babel-notes.md §4: Debian babeld 1.12.1).
/// </summary>
public static class SubTlvs
{
    public const byte Pad1 = 0;
    public const byte PadN = 1;
    public const byte Timestamp = 3;

    /// <summary>Types from here up are mandatory (RFC 8966 §4.4).</summary>
    public const byte FirstMandatory = 128;

    /// <summary>
    /// Walks <paramref name="subTlvs"/>. <paramref name="timestampLength"/> is the Timestamp length this TLV carries
    /// (4 in Hello, 8 in IHU, 0 where none is expected); the last well-formed one found is returned.
    /// </summary>
    public static TlvDropReason Scan(ReadOnlySpan<byte> subTlvs, int timestampLength, out ulong timestamp, out bool hasTimestamp)
    {
        timestamp = 0;
        hasTimestamp = false;
        var reason = TlvDropReason.None;
        var position = 0;
        while (position < subTlvs.Length)
        {
            var type = subTlvs[position];
            if (type == Pad1)
            {
                position++;
                continue;
            }
            if (position + TlvType.HeaderLength > subTlvs.Length)
                return TlvDropReason.BadSubTlv;
            int length = subTlvs[position + 1];
            var body = position + TlvType.HeaderLength;
            if (body + length > subTlvs.Length)
                return TlvDropReason.BadSubTlv;
            if (type == Timestamp && timestampLength != 0 && length == timestampLength)
            {
                timestamp = length == sizeof(uint)
                    ? BinaryPrimitives.ReadUInt32BigEndian(subTlvs.Slice(body, length))
                    : BinaryPrimitives.ReadUInt64BigEndian(subTlvs.Slice(body, length));
                hasTimestamp = true;
            }
            else if (type >= FirstMandatory)
            {
                // Keep walking so a later framing error still wins: either way the TLV is dropped.
                reason = TlvDropReason.UnknownMandatorySubTlv;
            }
            position = body + length;
        }
        return reason;
    }

    /// <summary>Octets a Timestamp sub-TLV with a body of <paramref name="bodyLength"/> takes.</summary>
    public static int TimestampLength(int bodyLength) => TlvType.HeaderLength + bodyLength;

    /// <summary>
    /// RFC 9616 §3.1 (Hello, 4 octets: transmit timestamp) and §3.2 (IHU, 8 octets: origin then receive timestamp):
    /// <code>
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |   Type = 3    |    Length     |      Timestamp(s)...
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </code>
    /// </summary>
    public static void WriteTimestamp(Span<byte> destination, uint transmit)
    {
        destination[0] = Timestamp;
        destination[1] = sizeof(uint);
        BinaryPrimitives.WriteUInt32BigEndian(destination[TlvType.HeaderLength..], transmit);
    }

    /// <inheritdoc cref="WriteTimestamp(Span{byte}, uint)"/>
    public static void WriteTimestamp(Span<byte> destination, uint origin, uint received)
    {
        destination[0] = Timestamp;
        destination[1] = sizeof(uint) + sizeof(uint);
        BinaryPrimitives.WriteUInt32BigEndian(destination[TlvType.HeaderLength..], origin);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(TlvType.HeaderLength + sizeof(uint))..], received);
    }
}
