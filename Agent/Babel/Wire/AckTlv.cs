using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.4 Acknowledgment:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 3    |    Length     |            Opaque             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class AckTlv
{
    public const int BodyLength =
        sizeof(ushort);    // Opaque, echoed from the Acknowledgment Request

    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out Ack? ack, out TlvDropReason reason)
    {
        ack = null;
        if (body.Length < BodyLength)
        {
            reason = TlvDropReason.Truncated;
            return false;
        }
        reason = SubTlvs.Scan(body[BodyLength..], 0, out _, out _);
        if (reason != TlvDropReason.None)
            return false;
        ack = new Ack(BinaryPrimitives.ReadUInt16BigEndian(body));
        return true;
    }

    public static bool TryWrite(Span<byte> destination, in Ack ack, out int written)
    {
        written = 0;
        if (destination.Length < TlvType.HeaderLength + BodyLength)
            return false;
        TlvType.WriteHeader(destination, TlvType.Ack, BodyLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[TlvType.HeaderLength..], ack.Opaque);
        written = TlvType.HeaderLength + BodyLength;
        return true;
    }
}
