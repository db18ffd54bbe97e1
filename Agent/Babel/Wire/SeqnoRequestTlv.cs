using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.11 Seqno Request:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 10   |    Length     |      AE       |    Plen       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            Seqno              |  Hop Count    |   Reserved    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// +                           Router-Id                           +
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Prefix...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The prefix is never compressed and AE 0 is invalid. Hop count 0 is invalid. IPv4 goes out as AE 1; AE 4 is read as IPv4.
/// </summary>
public static class SeqnoRequestTlv
{
    public const int FixedBodyLength =
        sizeof(byte) +     // AE
        sizeof(byte) +     // Plen
        sizeof(ushort) +   // Seqno
        sizeof(byte) +     // Hop Count
        sizeof(byte) +     // Reserved
        RouterId.Size;     // Router-Id

    private const int SeqnoOffset = sizeof(byte) + sizeof(byte);
    private const int HopCountOffset = SeqnoOffset + sizeof(ushort);
    private const int RouterIdOffset = HopCountOffset + sizeof(byte) + sizeof(byte);

    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out SeqnoRequest? request, out TlvDropReason reason)
    {
        request = null;
        if (body.Length < FixedBodyLength)
        {
            reason = TlvDropReason.Truncated;
            return false;
        }
        var ae = body[0];
        int plen = body[1];
        var hopCount = body[HopCountOffset];
        Span<byte> octets = stackalloc byte[AddressEncoding.IPv6Length];
        reason = Prefixes.TryRead(ae, plen, 0, body[FixedBodyLength..], default, octets, out var prefixLength);
        if (reason != TlvDropReason.None)
            return false;
        reason = SubTlvs.Scan(body[(FixedBodyLength + prefixLength)..], 0, out _, out _);
        if (reason != TlvDropReason.None)
            return false;
        if (hopCount == 0)
        {
            reason = TlvDropReason.ZeroHopCount;
            return false;
        }
        request = new SeqnoRequest(
            Prefixes.ToNetwork(ae, octets, plen),
            new SeqNo(BinaryPrimitives.ReadUInt16BigEndian(body[SeqnoOffset..])),
            hopCount,
            RouterId.Read(body[RouterIdOffset..]));
        return true;
    }

    /// <summary>A hop count of 0 cannot be sent (receivers drop it), so it is refused with an exception: it is a caller bug.</summary>
    public static bool TryWrite(Span<byte> destination, in SeqnoRequest request, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfZero(request.HopCount);
        written = 0;
        var plen = request.Prefix.PrefixLength;
        var carried = (plen + 7) >> 3;
        var bodyLength = FixedBodyLength + carried;
        if (destination.Length < TlvType.HeaderLength + bodyLength)
            return false;
        Span<byte> octets = stackalloc byte[AddressEncoding.IPv6Length];
        UpdateTlv.WritePrefixOctets(request.Prefix, octets);
        TlvType.WriteHeader(destination, TlvType.SeqnoRequest, bodyLength);
        var body = destination[TlvType.HeaderLength..];
        body[0] = request.Prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? AddressEncoding.IPv4 : AddressEncoding.IPv6;
        body[1] = (byte)plen;
        BinaryPrimitives.WriteUInt16BigEndian(body[SeqnoOffset..], request.Seqno.Value);
        body[HopCountOffset] = request.HopCount;
        body[HopCountOffset + 1] = 0;
        request.RouterId.Write(body[RouterIdOffset..]);
        octets[..carried].CopyTo(body[FixedBodyLength..]);
        written = TlvType.HeaderLength + bodyLength;
        return true;
    }
}
