using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// Prefix and address fields of RFC 8966 §4.1.4 (AE 0–3) and RFC 9229 §2 (AE 4). Working buffers are always
/// 16 octets: an IPv4 prefix uses the first four. Nothing here throws on peer input.
/// </summary>
internal static class Prefixes
{
    private static readonly byte[] LinkLocalPrefix = [0xFE, 0x80, 0, 0, 0, 0, 0, 0];

    /// <summary>Width in octets of the family an AE carries, 0 for the wildcard, -1 for an unknown AE.</summary>
    public static int AddressOctets(byte ae) => ae switch
    {
        AddressEncoding.Wildcard => 0,
        AddressEncoding.IPv4 or AddressEncoding.IPv4ViaIPv6 => AddressEncoding.IPv4Length,
        AddressEncoding.IPv6 or AddressEncoding.LinkLocalIPv6 => AddressEncoding.IPv6Length,
        _ => -1,
    };

    /// <summary>
    /// Reads the prefix field of an Update or a request (AE 1–4) into <paramref name="prefix"/> (16 octets), borrowing
    /// <paramref name="omitted"/> leading octets from the parser state's default, and zeroes every bit past <paramref name="plen"/>.
    /// </summary>
    public static TlvDropReason TryRead(
        byte ae, int plen, int omitted, ReadOnlySpan<byte> source, in ParserState state, Span<byte> prefix, out int consumed)
    {
        consumed = 0;
        var width = AddressOctets(ae);
        if (width <= 0)
            return width < 0 ? TlvDropReason.UnknownAddressEncoding : TlvDropReason.InvalidAddressEncoding;
        if (plen > width * 8)
            return TlvDropReason.PrefixTooLong;

        var octets = (plen + 7) >> 3;
        prefix[..AddressEncoding.IPv6Length].Clear();
        if (ae == AddressEncoding.LinkLocalIPv6)
        {
            // RFC 8966 §4.1.4: fe80::/64 implied, never compressed; like babeld, only octets past the first 8 are sent.
            if (omitted != 0)
                return TlvDropReason.CompressedLinkLocal;
            LinkLocalPrefix.CopyTo(prefix);
            var carried = Math.Max(0, octets - AddressEncoding.LinkLocalLength);
            if (source.Length < carried)
                return TlvDropReason.Truncated;
            source[..carried].CopyTo(prefix[AddressEncoding.LinkLocalLength..]);
            consumed = carried;
        }
        else
        {
            if (omitted > octets)
                return TlvDropReason.OmittedTooLong;
            if (omitted > 0 && !state.TryGetDefaultPrefix(ae, prefix))
                return TlvDropReason.NoDefaultPrefix;
            var carried = octets - omitted;
            if (source.Length < carried)
                return TlvDropReason.Truncated;
            source[..carried].CopyTo(prefix[omitted..]);
            consumed = carried;
        }

        Mask(prefix, plen, width);
        return TlvDropReason.None;
    }

    /// <summary>Zeroes every bit of <paramref name="address"/>[..<paramref name="width"/>] past <paramref name="plen"/>.</summary>
    public static void Mask(Span<byte> address, int plen, int width)
    {
        var whole = plen >> 3;
        var bits = plen & 7;
        if (bits != 0)
            address[whole++] &= (byte)(0xFF << (8 - bits));
        address[whole..width].Clear();
    }

    /// <summary>The network for a prefix already masked by <see cref="TryRead"/>: IPv4 for AE 1 and 4, else IPv6.</summary>
    public static IPNetwork ToNetwork(byte ae, ReadOnlySpan<byte> prefix, int plen) =>
        new(new IPAddress(prefix[..(IsIPv4(ae) ? AddressEncoding.IPv4Length : AddressEncoding.IPv6Length)]), plen);

    /// <summary>AE 1 and AE 4 carry IPv4 prefixes.</summary>
    public static bool IsIPv4(byte ae) => ae is AddressEncoding.IPv4 or AddressEncoding.IPv4ViaIPv6;

    /// <summary>
    /// Reads an address field (IHU, Next Hop): AE 0 is no address (null), AE 1 four octets, AE 2 sixteen, AE 3 eight
    /// after fe80::/64. AE 4 is reserved for Update prefixes (RFC 9229 §2) and is refused here.
    /// </summary>
    public static TlvDropReason TryReadAddress(byte ae, ReadOnlySpan<byte> source, out IPAddress? address, out int consumed)
    {
        address = null;
        consumed = ae switch
        {
            AddressEncoding.Wildcard => 0,
            AddressEncoding.IPv4 => AddressEncoding.IPv4Length,
            AddressEncoding.IPv6 => AddressEncoding.IPv6Length,
            AddressEncoding.LinkLocalIPv6 => AddressEncoding.LinkLocalLength,
            AddressEncoding.IPv4ViaIPv6 => -1,
            _ => -2,
        };
        if (consumed < 0)
        {
            var reason = consumed == -1 ? TlvDropReason.InvalidAddressEncoding : TlvDropReason.UnknownAddressEncoding;
            consumed = 0;
            return reason;
        }
        if (source.Length < consumed)
        {
            consumed = 0;
            return TlvDropReason.Truncated;
        }
        switch (ae)
        {
            case AddressEncoding.IPv4 or AddressEncoding.IPv6:
                address = new IPAddress(source[..consumed]);
                break;
            case AddressEncoding.LinkLocalIPv6:
                Span<byte> full = stackalloc byte[AddressEncoding.IPv6Length];
                LinkLocalPrefix.CopyTo(full);
                source[..AddressEncoding.LinkLocalLength].CopyTo(full[AddressEncoding.LinkLocalLength..]);
                address = new IPAddress(full);
                break;
        }
        return TlvDropReason.None;
    }

    /// <summary>The AE and the number of octets an address field for <paramref name="address"/> takes (AE 3 for fe80::/64).</summary>
    public static (byte Ae, int Length) AddressEncodingOf(IPAddress? address)
    {
        if (address is null)
            return (AddressEncoding.Wildcard, 0);
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return (AddressEncoding.IPv4, AddressEncoding.IPv4Length);
        Span<byte> octets = stackalloc byte[AddressEncoding.IPv6Length];
        address.TryWriteBytes(octets, out _);
        return AddressEncoding.IsLinkLocal64(octets)
            ? (AddressEncoding.LinkLocalIPv6, AddressEncoding.LinkLocalLength)
            : (AddressEncoding.IPv6, AddressEncoding.IPv6Length);
    }

    /// <summary>Writes the address field chosen by <see cref="AddressEncodingOf"/>.</summary>
    public static void WriteAddress(Span<byte> destination, IPAddress? address, byte ae)
    {
        if (address is null)
            return;
        Span<byte> octets = stackalloc byte[AddressEncoding.IPv6Length];
        address.TryWriteBytes(octets, out var length);
        if (ae == AddressEncoding.LinkLocalIPv6)
            octets[AddressEncoding.LinkLocalLength..length].CopyTo(destination);
        else
            octets[..length].CopyTo(destination);
    }
}
