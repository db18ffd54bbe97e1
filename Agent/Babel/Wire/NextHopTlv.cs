using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.8 Next Hop: sets the parser state's next hop for its family.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 7    |    Length     |      AE       |    Reserved   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       Next hop...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// AE 1, 2 or 3; AE 0 and AE 4 are invalid here (RFC 8966 §4.6.8, RFC 9229 §2).
/// </summary>
public static class NextHopTlv
{
    public const int FixedBodyLength =
        sizeof(byte) +     // AE
        sizeof(byte);      // Reserved

    /// <summary>
    /// False with <see cref="TlvDropReason.UnknownMandatorySubTlv"/> still yields <paramref name="nextHop"/>: RFC 8966 §4.4
    /// keeps a Next Hop's effect on the parser state even when the TLV itself is ignored.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out IPAddress? nextHop, out TlvDropReason reason)
    {
        nextHop = null;
        if (body.Length < FixedBodyLength)
        {
            reason = TlvDropReason.Truncated;
            return false;
        }
        if (body[0] == AddressEncoding.Wildcard)
        {
            reason = TlvDropReason.InvalidAddressEncoding;
            return false;
        }
        reason = Prefixes.TryReadAddress(body[0], body[FixedBodyLength..], out nextHop, out var addressLength);
        if (reason != TlvDropReason.None)
            return false;
        reason = SubTlvs.Scan(body[(FixedBodyLength + addressLength)..], 0, out _, out _);
        return reason == TlvDropReason.None;
    }

    /// <summary>IPv4 → AE 1, fe80::/64 → AE 3, other IPv6 → AE 2.</summary>
    public static bool TryWrite(Span<byte> destination, in IPAddress nextHop, out int written)
    {
        written = 0;
        var (ae, addressLength) = Prefixes.AddressEncodingOf(nextHop);
        var bodyLength = FixedBodyLength + addressLength;
        if (destination.Length < TlvType.HeaderLength + bodyLength)
            return false;
        TlvType.WriteHeader(destination, TlvType.NextHop, bodyLength);
        var body = destination[TlvType.HeaderLength..];
        body[0] = ae;
        body[1] = 0;
        Prefixes.WriteAddress(body[FixedBodyLength..], nextHop, ae);
        written = TlvType.HeaderLength + bodyLength;
        return true;
    }

    /// <summary>The octets <see cref="TryWrite"/> takes for <paramref name="nextHop"/>.</summary>
    public static int EncodedLength(IPAddress nextHop) =>
        TlvType.HeaderLength + FixedBodyLength + Prefixes.AddressEncodingOf(nextHop).Length;
}
