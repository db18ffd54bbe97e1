using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// The node's one IPv6 link-local address on the WireGuard interface, derived from its public key, so every peer
/// can compute it (and pin it in that peer's AllowedIPs) without being told: fe80::/64 (babeld accepts no other
/// link-local prefix) plus an interface identifier of 8 octets of SHA-256 over a domain-separation label and the key.
/// </summary>
public static class LinkLocalAddress
{
    /// <summary>The fe80::/64 prefix every derived address lies in.</summary>
    public static readonly IPNetwork Prefix = IPNetwork.Parse("fe80::/64");

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("babelwire link-local v1");

    // Octets of an IPv6 address: the /64 prefix, then the interface identifier.
    private const int AddressLength = 16;
    private const int PrefixLength = 8;

    // RFC 4291 Appendix A: in a modified EUI-64 identifier, bit 0x02 of the first octet is the universal/local bit;
    // 0 marks an identifier that is not globally unique, which is the honest value for a hash.
    private const byte UniversalBit = 0x02;

    /// <summary>fe80:: plus the first 8 octets of SHA-256("babelwire link-local v1" ‖ counter ‖ key), u bit cleared.</summary>
    public static IPAddress FromPublicKey(WireGuardKey publicKey)
    {
        Span<byte> input = stackalloc byte[Label.Length + 1 + WireGuardKey.Size];
        Label.CopyTo(input);
        publicKey.CopyTo(input[(Label.Length + 1)..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> address = stackalloc byte[AddressLength];

        // The counter only moves on if the identifier is reserved (RFC 5453); bounded, the chance is about 2^-56.
        for (byte counter = 0; ; counter++)
        {
            input[Label.Length] = counter;
            SHA256.HashData(input, hash);
            address.Clear();
            address[0] = 0xfe;
            address[1] = 0x80;
            hash[..(AddressLength - PrefixLength)].CopyTo(address[PrefixLength..]);
            address[PrefixLength] &= unchecked((byte)~UniversalBit);
            if (!IsReservedInterfaceIdentifier(address[PrefixLength..]) || counter == byte.MaxValue)
            {
                return new IPAddress(address);
            }
        }
    }

    /// <summary>RFC 5453: the all-zero identifier (subnet-router anycast) and fdff:ffff:ffff:ff80-ffff.</summary>
    internal static bool IsReservedInterfaceIdentifier(ReadOnlySpan<byte> identifier)
    {
        if (identifier.IndexOfAnyExcept((byte)0) < 0)
        {
            return true;
        }

        return identifier[0] == 0xfd && identifier[1..7].IndexOfAnyExcept((byte)0xff) < 0 && identifier[7] >= 0x80;
    }
}
