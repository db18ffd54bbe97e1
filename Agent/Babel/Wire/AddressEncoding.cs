namespace Babelwire.Agent.Babel.Wire;

/// <summary>Address encodings: RFC 8966 §4.1.4 (AE 0–3) and RFC 9229 §2 (AE 4).</summary>
public static class AddressEncoding
{
    /// <summary>Wildcard: no address octets.</summary>
    public const byte Wildcard = 0;

    /// <summary>IPv4: up to 4 octets, compressible in Updates.</summary>
    public const byte IPv4 = 1;

    /// <summary>IPv6: up to 16 octets, compressible in Updates.</summary>
    public const byte IPv6 = 2;

    /// <summary>Link-local IPv6: 8 octets, fe80::/64 implied, never compressed.</summary>
    public const byte LinkLocalIPv6 = 3;

    /// <summary>RFC 9229: an IPv4 prefix whose next hop is the current IPv6 next hop. Update only.</summary>
    public const byte IPv4ViaIPv6 = 4;

    /// <summary>Octets of a full IPv4 address.</summary>
    public const int IPv4Length = 4;

    /// <summary>Octets of a full IPv6 address.</summary>
    public const int IPv6Length = 16;

    /// <summary>Octets an AE 3 address carries: the interface identifier after the implied fe80::/64.</summary>
    public const int LinkLocalLength = 8;

    /// <summary>True if <paramref name="address"/> (16 octets) is in fe80::/64, so AE 3 can carry it.</summary>
    public static bool IsLinkLocal64(ReadOnlySpan<byte> address) =>
        address[0] == 0xFE && address[1] == 0x80 &&
        address[2] == 0 && address[3] == 0 && address[4] == 0 && address[5] == 0 && address[6] == 0 && address[7] == 0;
}
