using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.3 Acknowledgment Request:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 2    |    Length     |          Reserved             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Opaque               |            Interval           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class AckRequestTlv
{
    public const int BodyLength =
        sizeof(ushort) +   // Reserved
        sizeof(ushort) +   // Opaque
        sizeof(ushort);    // Interval, centiseconds

    private const int OpaqueOffset = sizeof(ushort);
    private const int IntervalOffset = OpaqueOffset + sizeof(ushort);

    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out AckRequest? request, out TlvDropReason reason)
    {
        request = null;
        if (body.Length < BodyLength)
        {
            reason = TlvDropReason.Truncated;
            return false;
        }
        reason = SubTlvs.Scan(body[BodyLength..], 0, out _, out _);
        if (reason != TlvDropReason.None)
            return false;
        request = new AckRequest(
            BinaryPrimitives.ReadUInt16BigEndian(body[OpaqueOffset..]),
            Centiseconds.ToTimeSpan(BinaryPrimitives.ReadUInt16BigEndian(body[IntervalOffset..])));
        return true;
    }

    public static bool TryWrite(Span<byte> destination, in AckRequest request, out int written)
    {
        written = 0;
        if (destination.Length < TlvType.HeaderLength + BodyLength)
            return false;
        TlvType.WriteHeader(destination, TlvType.AckRequest, BodyLength);
        var body = destination[TlvType.HeaderLength..];
        BinaryPrimitives.WriteUInt16BigEndian(body, 0);
        BinaryPrimitives.WriteUInt16BigEndian(body[OpaqueOffset..], request.Opaque);
        BinaryPrimitives.WriteUInt16BigEndian(body[IntervalOffset..], Centiseconds.FromTimeSpan(request.Interval));
        written = TlvType.HeaderLength + BodyLength;
        return true;
    }
}
