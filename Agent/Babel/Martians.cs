using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Babel;

/// <summary>
/// Prefixes never accepted or announced, as babeld's <c>martian_prefix</c>: fe80::/10, ff00::/8, ::/128, ::1,
/// and for IPv4 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/4 (which holds 255.255.255.255/32).
/// </summary>
internal static class Martians
{
    public static bool IsMartian(IPNetwork prefix)
    {
        Span<byte> b = stackalloc byte[16];
        if (!prefix.BaseAddress.TryWriteBytes(b, out var written))
            return true;
        var plen = prefix.PrefixLength;
        if (prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork && written == 4)
        {
            return (plen >= 8 && (b[0] == 0 || b[0] == 127)) || (plen >= 4 && (b[0] & 0xF0) >= 0xE0);
        }
        if (written != 16)
            return true;
        if (plen >= 8 && b[0] == 0xFF)
            return true;
        if (plen >= 10 && b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
            return true;
        if (plen == 128 && b[..15].IndexOfAnyExcept((byte)0) < 0 && b[15] <= 1)
            return true;
        return false;
    }

    /// <summary>babeld and BIRD accept Babel packets only from fe80::/64 (docs/babel-notes.md §2).</summary>
    public static bool IsLinkLocal64(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        Span<byte> b = stackalloc byte[16];
        return address.TryWriteBytes(b, out _) && b[0] == 0xFE && b[1] == 0x80 && b[2..8].IndexOfAnyExcept((byte)0) < 0;
    }

    /// <summary>The address without an IPv6 scope id, so table keys compare equal whatever the socket reported.</summary>
    public static IPAddress WithoutScope(IPAddress address)
        => address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
}
