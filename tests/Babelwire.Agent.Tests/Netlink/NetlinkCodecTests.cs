using System.Net;
using Babelwire.Agent.Netlink;

namespace Babelwire.Agent.Tests.Netlink;

/// <summary>
/// Requests byte for byte (host order: these tests assume a little-endian machine, as x86-64 and arm64 are), and
/// replies captured from Linux 6.18. The IPv4 and IPv6 additions below are the exact bytes the kernel accepted when
/// the captures were made.
/// </summary>
public sealed class NetlinkCodecTests
{
    private const byte Ours = NetlinkRouteTable.Protocol;

    /// <summary>An IPv6 route dump (no strict checking): ours 2001:db8:1::/64 dev 3, a static route, a kernel fe80::/64, two local-table multicast routes, NLMSG_DONE.</summary>
    private const string CapturedIPv6Dump =
        "740000001800020007000000b12000000a400000feb100010000000008000f00fe0000001400010020010db80001000000000000000000000800060000040000080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000" +
        "740000001800020007000000b12000000a400000fe0400010000000008000f00fe0000001400010020010db80002000000000000000000000800060000040000080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000" +
        "740000001800020007000000b12000000a400000fe0200010000000008000f00fe00000014000100fe8000000000000000000000000000000800060000010000080004000200000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000" +
        "740000001800020007000000b12000000a080000ff0200050000000008000f00ff00000014000100ff0000000000000000000000000000000800060000010000080004000200000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000" +
        "740000001800020007000000b12000000a080000ff0200050000000008000f00ff00000014000100ff0000000000000000000000000000000800060000010000080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000" +
        "140000000300020007000000b120000000000000";

    /// <summary>NLMSG_ERROR, EEXIST, NLM_F_CAPPED, for sequence 9 (an IPv4 route added twice with NLM_F_EXCL).</summary>
    private const string CapturedExistsError = "240000000200000109000000b1200000efffffff34000000180005060900000000000000";

    /// <summary>NLMSG_DONE ending a refused strict dump: EINVAL with the kernel's extended-ack text.</summary>
    private const string CapturedDumpRefusal =
        "48000000030002020d00000064220000eaffffff32000100496e76616c69642076616c75657320696e2068656164657220666f72204649422064756d702072657175657374000000";

    [Fact]
    public void An_IPv6_route_addition_is_encoded_byte_for_byte()
    {
        var writer = new NetlinkWriter();
        RouteMessage.WriteNew(writer, 11, new KernelRoute(IPNetwork.Parse("2001:db8:1::/64"), 999, 0), Ours, replace: false);

        Assert.Equal(
            "40000000" + "1800" + "0506" + "0b000000" + "00000000" +   // len 64, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE, seq 11, pid 0
            "0a400000" + "feb1fd01" + "00000000" +                     // AF_INET6 /64, main, proto 177, scope link, unicast
            "14000100" + "20010db8000100000000000000000000" +          // RTA_DST
            "08000400" + "e7030000" +                                  // RTA_OIF 999
            "08000600" + "00040000",                                   // RTA_PRIORITY 1024 (IPv6's metric 0)
            Convert.ToHexStringLower(writer.Written));
    }

    [Fact]
    public void An_IPv4_route_addition_is_encoded_byte_for_byte()
    {
        var writer = new NetlinkWriter();
        RouteMessage.WriteNew(writer, 9, new KernelRoute(IPNetwork.Parse("198.18.0.0/24"), 3, 5), Ours, replace: false);

        Assert.Equal(
            "34000000" + "1800" + "0506" + "09000000" + "00000000" +   // len 52
            "02180000" + "feb1fd01" + "00000000" +                     // AF_INET /24
            "08000100" + "c6120000" +                                  // RTA_DST 198.18.0.0
            "08000400" + "03000000" +                                  // RTA_OIF 3
            "08000600" + "05000000",                                   // RTA_PRIORITY 5
            Convert.ToHexStringLower(writer.Written));
    }

    [Fact]
    public void A_route_deletion_names_our_protocol_and_any_scope()
    {
        var writer = new NetlinkWriter();
        RouteMessage.WriteDelete(writer, 2, new KernelRoute(IPNetwork.Parse("198.18.4.0/32"), 3, 0), Ours);
        RouteMessage.WriteDelete(writer, 3, new KernelRoute(IPNetwork.Parse("2001:db8::/48"), 3, 7), Ours);

        Assert.Equal(
            "34000000" + "1900" + "0500" + "02000000" + "00000000" +   // RTM_DELROUTE, REQUEST|ACK
            "02200000" + "feb1ff01" + "00000000" +                     // scope nowhere (any)
            "08000100" + "c6120400" + "08000400" + "03000000" + "08000600" + "00000000" +
            "40000000" + "1900" + "0500" + "03000000" + "00000000" +
            "0a300000" + "feb1ff01" + "00000000" +
            "14000100" + "20010db8000000000000000000000000" + "08000400" + "03000000" + "08000600" + "07000000",
            Convert.ToHexStringLower(writer.Written));
        Assert.Equal([2u, 3u], writer.Sequences);
    }

    [Fact]
    public void A_replacement_carries_NLM_F_REPLACE_instead_of_NLM_F_EXCL()
    {
        var writer = new NetlinkWriter();
        RouteMessage.WriteNew(writer, 1, new KernelRoute(IPNetwork.Parse("198.18.0.0/24"), 3, 5), Ours, replace: true);

        Assert.Equal("0505", Convert.ToHexStringLower(writer.Written[6..8]));   // REQUEST|ACK|REPLACE|CREATE = 0x0505, not 0x0605
    }

    [Fact]
    public void A_route_dump_request_filters_on_our_protocol_in_the_main_table()
    {
        var writer = new NetlinkWriter();
        RouteMessage.WriteDump(writer, 7, System.Net.Sockets.AddressFamily.InterNetworkV6, Ours);

        Assert.Equal("1c000000" + "1a00" + "0103" + "07000000" + "00000000" + "0a000000" + "feb10000" + "00000000", Convert.ToHexStringLower(writer.Written));
    }

    [Theory]
    [InlineData("wg0", "0800" + "0300" + "77673000", 16 + 16 + 8)]              // "wg0\0": 4 octets, no padding
    [InlineData("wg-a1", "0a00" + "0300" + "77672d613100" + "0000", 16 + 16 + 12)]  // 6 octets padded to 8; rta_len says 10
    public void Attributes_are_padded_to_four_octets_and_their_length_excludes_the_padding(string name, string attribute, int total)
    {
        var writer = new NetlinkWriter();
        LinkMessage.WriteGetByName(writer, 1, name);

        var bytes = writer.Written;
        Assert.Equal(total, bytes.Length);
        Assert.Equal(total, BitConverter.ToInt32(bytes));
        Assert.Equal(attribute, Convert.ToHexStringLower(bytes[(16 + LinkMessage.FixedSize)..]));
    }

    [Fact]
    public void A_link_change_nests_addr_gen_mode_in_IFLA_AF_SPEC_and_sets_only_the_up_flag()
    {
        var writer = new NetlinkWriter();
        LinkMessage.WriteSet(writer, 4, 7, 1380, Rtnl.In6AddrGenModeNone, up: true);

        Assert.Equal(
            "38000000" + "1000" + "0500" + "04000000" + "00000000" +   // len 56, RTM_NEWLINK, REQUEST|ACK
            "00000000" + "07000000" + "01000000" + "01000000" +        // index 7, flags IFF_UP, change IFF_UP
            "08000400" + "64050000" +                                  // IFLA_MTU 1380
            "10001a00" +                                               // IFLA_AF_SPEC, 16 octets
            "0c000a00" +                                               //   AF_INET6, 12 octets
            "05000800" + "01000000",                                   //     IFLA_INET6_ADDR_GEN_MODE = none, padded
            Convert.ToHexStringLower(writer.Written));
    }

    [Fact]
    public void An_address_addition_is_tagged_as_ours_and_skips_DAD_for_IPv6()
    {
        var writer = new NetlinkWriter();
        AddressMessage.WriteNew(writer, 5, 7, new InterfaceAddress(IPAddress.Parse("fe80::1"), 64), Ours);

        Assert.Equal(
            "50000000" + "1400" + "0505" + "05000000" + "00000000" +   // len 80, RTM_NEWADDR, REQUEST|ACK|REPLACE|CREATE
            "0a4000fd" + "07000000" +                                  // AF_INET6 /64 scope link, index 7
            "14000200" + "fe800000000000000000000000000001" +          // IFA_LOCAL
            "14000100" + "fe800000000000000000000000000001" +          // IFA_ADDRESS
            "08000800" + "02000000" +                                  // IFA_FLAGS NODAD
            "05000b00" + "b1000000",                                   // IFA_PROTO 177
            Convert.ToHexStringLower(writer.Written));
    }

    [Fact]
    public void A_captured_dump_yields_only_our_unicast_routes_in_the_main_table_and_ends_with_done()
    {
        var reader = new NetlinkMessageReader(Convert.FromHexString(CapturedIPv6Dump));
        var owned = new List<KernelRoute>();
        var types = new List<ushort>();
        while (reader.TryRead(out var message))
        {
            types.Add(message.Header.Type);
            if (message.Header.Type == Rtnl.RtmNewRoute && RouteMessage.TryReadOwned(message.Payload, Ours, out var route))
            {
                owned.Add(route);
            }
        }

        Assert.Equal([24, 24, 24, 24, 24, 3], types);
        Assert.Equal([new KernelRoute(IPNetwork.Parse("2001:db8:1::/64"), 3, 1024)], owned);
    }

    [Fact]
    public void A_captured_error_gives_the_errno_and_the_sequence_it_answers()
    {
        var reader = new NetlinkMessageReader(Convert.FromHexString(CapturedExistsError));
        Assert.True(reader.TryRead(out var message));
        Assert.True(NetlinkAck.TryRead(message, out var ack));

        Assert.Equal(new NetlinkAck(9, Errno.Exists, null), ack);
        Assert.False(ack.Succeeded);
        Assert.Equal("add route 198.18.0.0/24: File exists (errno 17)", NetlinkException.Describe("add route 198.18.0.0/24", ack.Errno, ack.KernelMessage));
    }

    [Fact]
    public void A_refused_dump_reports_errno_and_the_kernels_text_in_NLMSG_DONE()
    {
        var reader = new NetlinkMessageReader(Convert.FromHexString(CapturedDumpRefusal));
        Assert.True(reader.TryRead(out var message));

        Assert.Equal(Rtnl.NlmsgDone, message.Header.Type);
        Assert.Equal(new NetlinkAck(13, 22, "Invalid values in header for FIB dump request"), NetlinkAck.ReadDone(message));
    }

    [Fact]
    public void A_message_claiming_more_than_the_datagram_holds_ends_the_walk_without_throwing()
    {
        var bytes = Convert.FromHexString(CapturedIPv6Dump)[..200];   // the second message is cut short
        var reader = new NetlinkMessageReader(bytes);

        Assert.True(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void An_attribute_running_past_the_end_ends_the_attribute_walk()
    {
        var attributes = new RtAttributeReader(Convert.FromHexString("08000400030000001400010020010db8"));

        Assert.True(attributes.TryRead(out var type, out var value));
        Assert.Equal(Rtnl.RtaOif, type);
        Assert.Equal(3, BitConverter.ToInt32(value));
        Assert.False(attributes.TryRead(out _, out _));
    }
}
