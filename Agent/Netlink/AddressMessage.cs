using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Netlink;

/// <summary>
/// RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR. linux/if_addr.h struct ifaddrmsg, 8 octets, then rtattrs:
/// <code>
///  0               1               2               3
/// +---------------+---------------+---------------+---------------+
/// |  ifa_family   | ifa_prefixlen |   ifa_flags   |   ifa_scope   |
/// +---------------+---------------+---------------+---------------+
/// |                          ifa_index                            |
/// +---------------------------------------------------------------+
/// </code>
/// </summary>
internal static class AddressMessage
{
    public const int FixedSize =
        sizeof(byte) +   // ifa_family
        sizeof(byte) +   // ifa_prefixlen
        sizeof(byte) +   // ifa_flags (the low 8 bits; IFA_FLAGS carries all 32)
        sizeof(byte) +   // ifa_scope
        sizeof(uint);    // ifa_index

    private const int PrefixLengthOffset = sizeof(byte);
    private const int ScopeOffset = PrefixLengthOffset + sizeof(byte) + sizeof(byte);
    private const int IndexOffset = ScopeOffset + sizeof(byte);

    /// <summary>
    /// Adds (or refreshes) an address tagged IFA_PROTO = <paramref name="protocol"/>. IPv6 addresses get
    /// IFA_F_NODAD: a WireGuard link has no second host to collide with, and a tentative address cannot be used.
    /// </summary>
    public static void WriteNew(NetlinkWriter writer, uint sequence, int index, InterfaceAddress address, byte protocol)
    {
        var ipv6 = address.Address.AddressFamily == AddressFamily.InterNetworkV6;
        Write(writer, Rtnl.RtmNewAddr, Rtnl.NlmFRequest | Rtnl.NlmFAck | Rtnl.NlmFCreate | Rtnl.NlmFReplace, sequence, index, address);
        writer.AddUInt32(Rtnl.IfaFlags, ipv6 ? Rtnl.IfaFNodad : 0);
        writer.AddByte(Rtnl.IfaProto, protocol);
        writer.EndMessage();
    }

    public static void WriteDelete(NetlinkWriter writer, uint sequence, int index, InterfaceAddress address)
    {
        Write(writer, Rtnl.RtmDelAddr, Rtnl.NlmFRequest | Rtnl.NlmFAck, sequence, index, address);
        writer.EndMessage();
    }

    /// <summary>A dump of the addresses of both families on one link (the kernel filters by index under NETLINK_GET_STRICT_CHK).</summary>
    public static void WriteDump(NetlinkWriter writer, uint sequence, int index)
    {
        writer.BeginMessage(Rtnl.RtmGetAddr, Rtnl.NlmFRequest | Rtnl.NlmFDump, sequence);
        var ifa = writer.ReserveFixed(FixedSize);
        NativeEndian.WriteUInt32(ifa[IndexOffset..], (uint)index);
        writer.EndMessage();
    }

    /// <summary>Reads an RTM_NEWADDR; false when it is not on <paramref name="index"/> or not IPv4/IPv6.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, int index, out LinkAddress address)
    {
        address = null!;
        if (payload.Length < FixedSize || NativeEndian.ReadUInt32(payload[IndexOffset..]) != (uint)index)
        {
            return false;
        }

        var addressLength = payload[0] switch { Rtnl.AfInet => 4, Rtnl.AfInet6 => 16, _ => 0 };
        if (addressLength == 0)
        {
            return false;
        }

        IPAddress? local = null;
        IPAddress? peer = null;
        byte protocol = 0;
        var attributes = new RtAttributeReader(payload[FixedSize..]);
        while (attributes.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case Rtnl.IfaLocal when value.Length == addressLength:
                    local = new IPAddress(value);
                    break;
                case Rtnl.IfaAddress when value.Length == addressLength:
                    peer = new IPAddress(value);
                    break;
                case Rtnl.IfaProto when value.Length >= 1:
                    protocol = value[0];
                    break;
            }
        }

        // IFA_LOCAL is the address itself; IFA_ADDRESS is the peer on point-to-point links (IPv6 often sends only it).
        var own = local ?? peer;
        if (own is null)
        {
            return false;
        }

        address = new LinkAddress(own, payload[PrefixLengthOffset], protocol);
        return true;
    }

    private static void Write(NetlinkWriter writer, ushort type, ushort flags, uint sequence, int index, InterfaceAddress address)
    {
        writer.BeginMessage(type, flags, sequence);
        var ifa = writer.ReserveFixed(FixedSize);
        var ipv6 = address.Address.AddressFamily == AddressFamily.InterNetworkV6;
        ifa[0] = ipv6 ? (byte)Rtnl.AfInet6 : (byte)Rtnl.AfInet;
        ifa[PrefixLengthOffset] = (byte)address.PrefixLength;
        ifa[ScopeOffset] = address.Address.IsIPv6LinkLocal ? Rtnl.RtScopeLink : Rtnl.RtScopeUniverse;
        NativeEndian.WriteUInt32(ifa[IndexOffset..], (uint)index);
        Span<byte> bytes = stackalloc byte[16];
        address.Address.TryWriteBytes(bytes, out var length);
        writer.AddAttribute(Rtnl.IfaLocal, bytes[..length]);
        writer.AddAttribute(Rtnl.IfaAddress, bytes[..length]);
    }
}
