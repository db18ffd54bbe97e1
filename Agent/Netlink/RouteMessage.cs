using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Netlink;

/// <summary>
/// RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE. linux/rtnetlink.h struct rtmsg, 12 octets, then rtattrs:
/// <code>
///  0               1               2               3
/// +---------------+---------------+---------------+---------------+
/// |  rtm_family   |  rtm_dst_len  |  rtm_src_len  |    rtm_tos    |
/// +---------------+---------------+---------------+---------------+
/// |  rtm_table    | rtm_protocol  |  rtm_scope    |   rtm_type    |
/// +---------------+---------------+---------------+---------------+
/// |                          rtm_flags                            |
/// +---------------------------------------------------------------+
/// </code>
/// Our routes: <c>PREFIX dev IFINDEX proto OURS metric M</c>, unicast, main table, no gateway (a device route: the
/// WireGuard interface's AllowedIPs choose the peer).
/// </summary>
internal static class RouteMessage
{
    public const int FixedSize =
        sizeof(byte) +   // rtm_family
        sizeof(byte) +   // rtm_dst_len
        sizeof(byte) +   // rtm_src_len
        sizeof(byte) +   // rtm_tos
        sizeof(byte) +   // rtm_table
        sizeof(byte) +   // rtm_protocol
        sizeof(byte) +   // rtm_scope
        sizeof(byte) +   // rtm_type
        sizeof(uint);    // rtm_flags

    private const int FamilyOffset = 0;
    private const int DstLenOffset = FamilyOffset + sizeof(byte);
    private const int TableOffset = DstLenOffset + sizeof(byte) + sizeof(byte) + sizeof(byte);  // after src_len, tos
    private const int ProtocolOffset = TableOffset + sizeof(byte);
    private const int ScopeOffset = ProtocolOffset + sizeof(byte);
    private const int TypeOffset = ScopeOffset + sizeof(byte);
    private const int FlagsOffset = TypeOffset + sizeof(byte);

    /// <summary>IPv6 turns metric 0 into IP6_RT_PRIO_USER (net/ipv6/route.c); IPv4 keeps 0.</summary>
    public const int Ipv6DefaultMetric = 1024;

    public static int KernelMetric(KernelRoute route) =>
        route.Metric == 0 && route.Prefix.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? Ipv6DefaultMetric : route.Metric;

    /// <summary>Adds (NLM_F_CREATE | NLM_F_EXCL: never over a route someone else owns) or replaces (NLM_F_REPLACE) a route of ours.</summary>
    public static void WriteNew(NetlinkWriter writer, uint sequence, KernelRoute route, byte protocol, bool replace)
    {
        var flags = (ushort)(Rtnl.NlmFRequest | Rtnl.NlmFAck | Rtnl.NlmFCreate | (replace ? Rtnl.NlmFReplace : Rtnl.NlmFExcl));
        Write(writer, Rtnl.RtmNewRoute, flags, sequence, route, protocol, Rtnl.RtScopeLink);
    }

    /// <summary>Deletes a route; the kernel matches the protocol too, so a route of another protocol is never deleted.</summary>
    public static void WriteDelete(NetlinkWriter writer, uint sequence, KernelRoute route, byte protocol) =>
        Write(writer, Rtnl.RtmDelRoute, Rtnl.NlmFRequest | Rtnl.NlmFAck, sequence, route, protocol, Rtnl.RtScopeNowhere);

    /// <summary>A dump of one family's routes, filtered by the kernel to our protocol in the main table (NETLINK_GET_STRICT_CHK).</summary>
    public static void WriteDump(NetlinkWriter writer, uint sequence, AddressFamily family, byte protocol)
    {
        writer.BeginMessage(Rtnl.RtmGetRoute, Rtnl.NlmFRequest | Rtnl.NlmFDump, sequence);
        var rtm = writer.ReserveFixed(FixedSize);
        rtm[FamilyOffset] = family == AddressFamily.InterNetworkV6 ? (byte)Rtnl.AfInet6 : (byte)Rtnl.AfInet;
        rtm[TableOffset] = Rtnl.RtTableMain;
        rtm[ProtocolOffset] = protocol;
        writer.EndMessage();
    }

    private static void Write(NetlinkWriter writer, ushort type, ushort flags, uint sequence, KernelRoute route, byte protocol, byte scope)
    {
        var prefix = route.Prefix;
        writer.BeginMessage(type, flags, sequence);
        var rtm = writer.ReserveFixed(FixedSize);
        rtm[FamilyOffset] = prefix.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? (byte)Rtnl.AfInet6 : (byte)Rtnl.AfInet;
        rtm[DstLenOffset] = (byte)prefix.PrefixLength;
        rtm[TableOffset] = Rtnl.RtTableMain;
        rtm[ProtocolOffset] = protocol;
        rtm[ScopeOffset] = scope;
        rtm[TypeOffset] = Rtnl.RtnUnicast;
        Span<byte> address = stackalloc byte[16];
        prefix.BaseAddress.TryWriteBytes(address, out var addressLength);
        writer.AddAttribute(Rtnl.RtaDst, address[..addressLength]);
        writer.AddUInt32(Rtnl.RtaOif, (uint)route.InterfaceIndex);
        // Always the metric the kernel keys on: an IPv6 delete with priority 0 would take the route of any metric.
        // (An IPv4 delete with priority 0 also matches any metric, among routes of this device and protocol; the
        // kernel tries the lowest metric first, which is the metric-0 route whenever it is there.)
        writer.AddUInt32(Rtnl.RtaPriority, (uint)KernelMetric(route));
        writer.EndMessage();
    }

    /// <summary>
    /// Reads an RTM_NEWROUTE of a dump. Returns false for what is not ours to manage: another protocol, another
    /// table, not unicast, a cached clone, a gateway or multipath route.
    /// </summary>
    public static bool TryReadOwned(ReadOnlySpan<byte> payload, byte protocol, out KernelRoute route)
    {
        route = null!;
        if (payload.Length < FixedSize
            || payload[ProtocolOffset] != protocol
            || payload[TypeOffset] != Rtnl.RtnUnicast
            || (NativeEndian.ReadUInt32(payload[FlagsOffset..]) & Rtnl.RtmFCloned) != 0)
        {
            return false;
        }

        var family = payload[FamilyOffset];
        var addressLength = family switch { Rtnl.AfInet => 4, Rtnl.AfInet6 => 16, _ => 0 };
        var prefixLength = payload[DstLenOffset];
        if (addressLength == 0 || prefixLength > addressLength * 8)
        {
            return false;
        }

        uint table = payload[TableOffset];
        var oif = 0;
        var metric = 0;
        Span<byte> destination = stackalloc byte[addressLength];
        destination.Clear();
        var attributes = new RtAttributeReader(payload[FixedSize..]);
        while (attributes.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case Rtnl.RtaDst when value.Length == addressLength:
                    value.CopyTo(destination);
                    break;
                case Rtnl.RtaOif when value.Length == sizeof(uint):
                    oif = (int)NativeEndian.ReadUInt32(value);
                    break;
                case Rtnl.RtaPriority when value.Length == sizeof(uint):
                    metric = (int)NativeEndian.ReadUInt32(value);
                    break;
                case Rtnl.RtaTable when value.Length == sizeof(uint):
                    table = NativeEndian.ReadUInt32(value);
                    break;
                case Rtnl.RtaGateway or Rtnl.RtaMultipath:
                    return false;
            }
        }

        if (table != Rtnl.RtTableMain || oif == 0)
        {
            return false;
        }

        route = new KernelRoute(new IPNetwork(new IPAddress(destination), prefixLength), oif, metric);
        return true;
    }
}
