using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.10 Route Request:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 9    |    Length     |      AE       |     Plen      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       Prefix...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The prefix is never compressed. AE 0 with Plen 0 is the wildcard request (a full dump). IPv4 goes out as AE 1
/// (RFC 9229 §2.3 keeps requests on AE 1); AE 4 is still read, as an IPv4 prefix.
/// </summary>
public static class RouteRequestTlv
{
    public const int FixedBodyLength =
        sizeof(byte) +     // AE
        sizeof(byte);      // Plen

    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out RouteRequest? request, out TlvDropReason reason)
    {
        request = null;
        if (body.Length < FixedBodyLength)
        {
            reason = TlvDropReason.Truncated;
            return false;
        }
        var ae = body[0];
        int plen = body[1];
        IPNetwork? prefix = null;
        var prefixLength = 0;
        if (ae == AddressEncoding.Wildcard)
        {
            if (plen != 0)
            {
                reason = TlvDropReason.InvalidWildcard;
                return false;
            }
        }
        else
        {
            Span<byte> octets = stackalloc byte[AddressEncoding.IPv6Length];
            reason = Prefixes.TryRead(ae, plen, 0, body[FixedBodyLength..], default, octets, out prefixLength);
            if (reason != TlvDropReason.None)
                return false;
            prefix = Prefixes.ToNetwork(ae, octets, plen);
        }
        reason = SubTlvs.Scan(body[(FixedBodyLength + prefixLength)..], 0, out _, out _);
        if (reason != TlvDropReason.None)
            return false;
        request = new RouteRequest(prefix);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, in RouteRequest request, out int written)
    {
        written = 0;
        Span<byte> octets = stackalloc byte[AddressEncoding.IPv6Length];
        byte ae = AddressEncoding.Wildcard;
        var plen = 0;
        if (request.Prefix is { } prefix)
        {
            UpdateTlv.WritePrefixOctets(prefix, octets);
            ae = prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? AddressEncoding.IPv4 : AddressEncoding.IPv6;
            plen = prefix.PrefixLength;
        }
        var carried = (plen + 7) >> 3;
        var bodyLength = FixedBodyLength + carried;
        if (destination.Length < TlvType.HeaderLength + bodyLength)
            return false;
        TlvType.WriteHeader(destination, TlvType.RouteRequest, bodyLength);
        var body = destination[TlvType.HeaderLength..];
        body[0] = ae;
        body[1] = (byte)plen;
        octets[..carried].CopyTo(body[FixedBodyLength..]);
        written = TlvType.HeaderLength + bodyLength;
        return true;
    }
}
