using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Wire.Packets;

namespace Babelwire.Agent.Babel.Tests.Wire;

/// <summary>Byte vectors written by hand from the RFC 8966 §4.6, RFC 9229 §2 and RFC 9616 §3 layouts.</summary>
public sealed class TlvVectorTests
{
    private static readonly RouterId Rid = new(0x0102030405060708);
    private static readonly TimeSpan SixteenSeconds = TimeSpan.FromSeconds(16);

    private static void AssertEncodes(string expectedBodyHex, params Tlv[] tlvs)
    {
        var datagrams = PacketWriter.Pack(tlvs, 1372);
        var datagram = Assert.Single(datagrams);
        Assert.Equal(ToHex(Datagram(expectedBodyHex)), ToHex(datagram));
    }

    private static void AssertDecodes(string bodyHex, params Tlv[] expected) =>
        Assert.Equal(expected, Decode(Datagram(bodyHex)));

    // Hello: flags 0000, seqno 1234, interval 400 cs; Timestamp sub-TLV type 3 length 4.
    private const string HelloWithTimestamp = "04 0C 0000 1234 0190 03 04 DEADBEEF";

    [Fact]
    public void Hello_with_timestamp_matches_the_rfc_9616_layout()
    {
        var hello = new Hello(false, new SeqNo(0x1234), TimeSpan.FromSeconds(4), 0xDEADBEEF);
        AssertEncodes(HelloWithTimestamp, hello);
        AssertDecodes(HelloWithTimestamp, hello);
    }

    [Fact]
    public void Unicast_hello_without_timestamp_sets_the_u_flag() =>
        AssertEncodes("04 06 8000 0001 0000", new Hello(true, new SeqNo(1), TimeSpan.Zero));

    // IHU: AE 3, reserved, rxcost 0060, interval 04B0 (12 s), fe80::1 as 8 octets; Timestamp type 3 length 8.
    private const string IhuWithTimestamp = "05 18 03 00 0060 04B0 0000000000000001 03 08 11223344 55667788";

    [Fact]
    public void Ihu_with_timestamp_to_a_link_local_uses_ae_3()
    {
        var ihu = new Ihu(96, TimeSpan.FromSeconds(12), Ip("fe80::1"), new IhuTimestamp(0x11223344, 0x55667788));
        AssertEncodes(IhuWithTimestamp, ihu);
        AssertDecodes(IhuWithTimestamp, ihu);
    }

    [Fact]
    public void Ihu_without_address_uses_ae_0() =>
        AssertEncodes("05 06 00 00 0100 04B0", new Ihu(256, TimeSpan.FromSeconds(12), null));

    [Fact]
    public void Ihu_to_a_global_ipv6_address_uses_ae_2() =>
        AssertEncodes("05 16 02 00 0060 04B0 20010db8000000000000000000000001",
            new Ihu(96, TimeSpan.FromSeconds(12), Ip("2001:db8::1")));

    [Fact]
    public void Ihu_to_an_ipv4_address_uses_ae_1() =>
        AssertEncodes("05 0A 01 00 0060 04B0 C0000201", new Ihu(96, TimeSpan.FromSeconds(12), Ip("192.0.2.1")));

    // Router-Id, then two /48 Updates with the P flag; the second omits the 5 octets it shares with the first.
    private const string CompressedUpdates =
        "06 0A 0000 0102030405060708" +
        "08 10 02 80 30 00 0640 0007 0060 20010DB80001" +
        "08 0B 02 80 30 05 0640 0007 0060 02";

    [Fact]
    public void Updates_sharing_a_prefix_are_compressed_after_one_router_id()
    {
        var first = new Update(Net("2001:db8:1::/48"), Rid, new SeqNo(7), 96, SixteenSeconds);
        var second = new Update(Net("2001:db8:2::/48"), Rid, new SeqNo(7), 96, SixteenSeconds);
        AssertEncodes(CompressedUpdates, first, second);
        AssertDecodes(CompressedUpdates, first with { NextHop = Source }, second with { NextHop = Source });
    }

    // RFC 9229: Next Hop AE 3 fe80::2, then Update AE 4 198.18.1.0/24, metric 256, seqno 1.
    private const string Ae4Update =
        "06 0A 0000 0102030405060708" +
        "07 0A 03 00 0000000000000002" +
        "08 0D 04 80 18 00 0640 0001 0100 C61201";

    [Fact]
    public void Ipv4_prefix_with_an_ipv6_next_hop_goes_out_as_ae_4()
    {
        var update = new Update(Net("198.18.1.0/24"), Rid, new SeqNo(1), 256, SixteenSeconds, Ip("fe80::2"));
        AssertEncodes(Ae4Update, update);
        AssertDecodes(Ae4Update, update);
    }

    // Next Hop AE 1 192.0.2.1, then Update AE 1 198.18.2.0/23.
    private const string Ae1Update =
        "06 0A 0000 0102030405060708" +
        "07 06 01 00 C0000201" +
        "08 0D 01 80 17 00 0640 0002 0060 C61202";

    [Fact]
    public void Ipv4_prefix_with_an_ipv4_next_hop_goes_out_as_ae_1_with_a_next_hop()
    {
        var update = new Update(Net("198.18.2.0/23"), Rid, new SeqNo(2), 96, SixteenSeconds, Ip("192.0.2.1"));
        AssertEncodes(Ae1Update, update);
        AssertDecodes(Ae1Update, update);
    }

    [Fact]
    public void Ipv6_update_with_a_global_next_hop_sends_an_ae_2_next_hop() =>
        AssertEncodes(
            "06 0A 0000 0102030405060708" +
            "07 12 02 00 20010db8000000000000000000000009" +
            "08 0E 02 80 20 00 0640 0003 0060 20010db8",
            new Update(Net("2001:db8::/32"), Rid, new SeqNo(3), 96, SixteenSeconds, Ip("2001:db8::9")));

    [Fact]
    public void Wildcard_retraction_is_ae_0_plen_0_metric_infinity()
    {
        const string body = "08 0A 00 00 00 00 0190 0000 FFFF";
        AssertEncodes(body, new WildcardRetraction(TimeSpan.FromSeconds(4)));
        AssertDecodes(body, new WildcardRetraction(TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public void Route_requests_for_a_prefix_and_the_wildcard()
    {
        const string body = "09 02 00 00" + "09 06 02 20 20010db8" + "09 05 01 18 C61201";
        Tlv[] requests = [new RouteRequest(null), new RouteRequest(Net("2001:db8::/32")), new RouteRequest(Net("198.18.1.0/24"))];
        AssertEncodes(body, requests);
        AssertDecodes(body, requests);
    }

    [Fact]
    public void Seqno_request_carries_hop_count_router_id_and_prefix()
    {
        const string body = "0A 11 01 18 0102 40 00 0102030405060708 C61201";
        var request = new SeqnoRequest(Net("198.18.1.0/24"), new SeqNo(0x0102), 64, Rid);
        AssertEncodes(body, request);
        AssertDecodes(body, request);
    }

    [Fact]
    public void Ack_request_and_ack()
    {
        const string body = "02 06 0000 BEEF 0032" + "03 02 BEEF";
        Tlv[] tlvs = [new AckRequest(0xBEEF, TimeSpan.FromMilliseconds(500)), new Ack(0xBEEF)];
        AssertEncodes(body, tlvs);
        AssertDecodes(body, tlvs);
    }

    [Fact]
    public void PadN_and_Pad1_in_the_body_are_skipped() =>
        AssertDecodes("00 01 03 000000 00 03 02 0001", new Ack(1));

    [Fact]
    public void Router_id_from_the_r_flag_applies_to_later_updates()
    {
        // Update AE 2 with P|R for 2001:db8::102:304:506:708/128 sets router-id 0102030405060708; the next one has no Router-Id TLV.
        const string body =
            "08 1A 02 C0 80 00 0640 0001 0060 20010db8000000000102030405060708" +
            "08 0B 02 00 20 03 0640 0001 0060 b8";
        var decoded = Decode(Datagram(body));
        Assert.Equal(
            [
                new Update(Net("2001:db8::102:304:506:708/128"), Rid, new SeqNo(1), 96, SixteenSeconds, Source),
                new Update(Net("2001:db8::/32"), Rid, new SeqNo(1), 96, SixteenSeconds, Source),
            ],
            decoded);
    }

    [Fact]
    public void Intervals_round_up_to_whole_centiseconds_and_clamp()
    {
        Assert.Equal(1, Centiseconds.FromTimeSpan(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(100, Centiseconds.FromTimeSpan(TimeSpan.FromSeconds(1)));
        Assert.Equal(101, Centiseconds.FromTimeSpan(TimeSpan.FromMilliseconds(1001)));
        Assert.Equal(0xFFFF, Centiseconds.FromTimeSpan(TimeSpan.FromHours(1)));
        Assert.Equal(0, Centiseconds.FromTimeSpan(TimeSpan.FromSeconds(-1)));
        Assert.Equal(1, Centiseconds.FromTimeSpanNonZero(TimeSpan.Zero));
    }

    // Laid out the way babeld's really_buffer_update and buffer_hello (message.c) write a packet: a Hello whose PadN
    // was turned into a Timestamp; a /128 whose last 8 octets are the router-id, sent with P|R and no Router-Id TLV;
    // a /64 with P that omits all 8 of its octets; an AE 1 /32 after an IPv4 Next Hop, without flags.
    private const string BabeldStylePacket =
        "04 0C 0000 0005 0190 03 04 00012345" +
        "08 1A 02 C0 80 00 0640 0010 0000 20010db8000000010200 00fffe000001" +
        "08 0A 02 80 40 08 0640 0010 0000" +
        "07 06 01 00 C0000201" +
        "08 0E 01 00 20 00 0640 0010 0000 C6120001";

    [Fact]
    public void Packet_laid_out_as_babeld_sends_it_decodes()
    {
        var babeldId = new RouterId(0x0200_00FF_FE00_0001);
        Assert.Equal(
            [
                new Hello(false, new SeqNo(5), TimeSpan.FromSeconds(4), 0x12345),
                new Update(Net("2001:db8:0:1:200:ff:fe00:1/128"), babeldId, new SeqNo(16), 0, SixteenSeconds, Source),
                new Update(Net("2001:db8:0:1::/64"), babeldId, new SeqNo(16), 0, SixteenSeconds, Source),
                new Update(Net("198.18.0.1/32"), babeldId, new SeqNo(16), 0, SixteenSeconds, Ip("192.0.2.1")),
            ],
            Decode(Datagram(BabeldStylePacket)));
    }
}
