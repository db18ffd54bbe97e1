using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Wire.Packets;

namespace Babelwire.Agent.Babel.Tests.Wire;

/// <summary>RFC 8966 §4 reject and skip rules (docs/babel-notes.md §6 "Codec"): each bad TLV is dropped and counted, the rest of the packet still read.</summary>
public sealed class RejectTests
{
    private static readonly RouterId Rid = new(0x0102030405060708);
    private static readonly TimeSpan SixteenSeconds = TimeSpan.FromSeconds(16);

    private const string RouterIdTlv = "06 0A 0000 0102030405060708";
    private const string Marker = "03 02 CAFE";   // an Ack read after the bad TLV proves the walk went on
    private static readonly Ack MarkerAck = new(0xCAFE);

    private static (List<Tlv> Tlvs, DecodeCounters Counters) Read(string bodyHex, string trailerHex = "")
    {
        var counters = new DecodeCounters();
        return (Decode(Datagram(bodyHex, trailerHex), counters), counters);
    }

    private static void AssertDropped(string badTlvHex, TlvDropReason reason, string before = RouterIdTlv)
    {
        var (withoutBadTlv, _) = Read(before + Marker);
        var (tlvs, counters) = Read(before + badTlvHex + Marker);
        Assert.Equal(withoutBadTlv, tlvs);
        Assert.Equal(MarkerAck, tlvs[^1]);
        Assert.Equal(1, counters.TlvsDroppedBy(reason));
        Assert.Equal(0, counters.FramingErrors);
    }

    [Theory]
    [InlineData("", PacketRejectReason.TooShort)]
    [InlineData("2A 02 00", PacketRejectReason.TooShort)]
    [InlineData("2B 02 0000", PacketRejectReason.BadMagic)]
    [InlineData("2A 01 0000", PacketRejectReason.BadVersion)]
    [InlineData("2A 03 0000", PacketRejectReason.BadVersion)]
    [InlineData("2A 02 0005 03 02 CAFE", PacketRejectReason.BodyLengthOverrun)]
    public void Bad_packet_headers_drop_the_whole_packet(string hex, PacketRejectReason expected)
    {
        var counters = new DecodeCounters();
        Assert.False(PacketReader.TryOpen(Hex(hex), Source, counters, out _, out var reason));
        Assert.Equal(expected, reason);
        Assert.Equal(1, counters.PacketsRejected);
        Assert.Equal(1, counters.PacketsRejectedBy(expected));
    }

    [Fact]
    public void Tlv_running_past_the_body_ends_the_walk_but_keeps_what_came_before()
    {
        var (tlvs, counters) = Read(Marker + "03 05 0000");
        Assert.Equal([MarkerAck], tlvs);
        Assert.Equal(1, counters.FramingErrors);
    }

    [Fact]
    public void Tlv_header_cut_after_its_type_is_a_framing_error()
    {
        var (tlvs, counters) = Read(Marker + "03");
        Assert.Equal([MarkerAck], tlvs);
        Assert.Equal(1, counters.FramingErrors);
    }

    [Theory]
    [InlineData("04 04 0000 0001", TlvDropReason.Truncated)]                             // Hello without interval
    [InlineData("05 0A 02 00 0060 04B0 20010db8", TlvDropReason.Truncated)]              // IHU AE 2 with 4 of 16 octets
    [InlineData("08 0C 02 80 30 00 0640 0007 0060 2001", TlvDropReason.Truncated)]      // Update /48 with 2 of 6 octets
    [InlineData("06 04 0000 0102", TlvDropReason.Truncated)]                             // Router-Id with 2 of 8 octets
    [InlineData("0A 0A 02 20 0001 40 00 01020304", TlvDropReason.Truncated)]            // Seqno Request without its router-id
    [InlineData("02 02 0000", TlvDropReason.Truncated)]                                  // Ack Request
    [InlineData("03 00", TlvDropReason.Truncated)]                                       // Ack
    [InlineData("09 01 02", TlvDropReason.Truncated)]                                    // Route Request without plen
    [InlineData("08 0D 01 80 21 00 0640 0007 0060 C61201", TlvDropReason.PrefixTooLong)] // AE 1 plen 33
    [InlineData("08 0A 03 00 40 01 0640 0007 FFFF", TlvDropReason.CompressedLinkLocal)] // AE 3 with omitted 1
    [InlineData("05 06 00 00 0060 0000", TlvDropReason.ZeroInterval)]                    // IHU interval 0
    [InlineData("08 0E 02 80 20 00 0000 0007 0060 20010db8", TlvDropReason.ZeroInterval)] // Update interval 0
    [InlineData("0A 11 01 18 0001 00 00 0102030405060708 C61201", TlvDropReason.ZeroHopCount)]
    [InlineData("08 0A 07 00 00 00 0640 0007 0060", TlvDropReason.UnknownAddressEncoding)]
    [InlineData("05 06 09 00 0060 04B0", TlvDropReason.UnknownAddressEncoding)]
    [InlineData("2A 03 010203", TlvDropReason.UnknownType)]
    [InlineData("10 00", TlvDropReason.UnknownType)]
    [InlineData("07 02 00 00", TlvDropReason.InvalidAddressEncoding)]                     // Next Hop AE 0
    [InlineData("07 06 04 00 C0000201", TlvDropReason.InvalidAddressEncoding)]           // Next Hop AE 4
    [InlineData("05 0A 04 00 0060 04B0 C0000201", TlvDropReason.InvalidAddressEncoding)] // IHU AE 4
    [InlineData("0A 0E 00 00 0001 40 00 0102030405060708", TlvDropReason.InvalidAddressEncoding)] // Seqno Request AE 0
    [InlineData("08 0A 00 00 08 00 0640 0007 FFFF", TlvDropReason.InvalidWildcard)]      // AE 0 retraction with plen 8
    [InlineData("08 0A 00 00 00 00 0640 0007 0060", TlvDropReason.InvalidWildcard)]      // AE 0 with a finite metric
    [InlineData("09 02 00 08", TlvDropReason.InvalidWildcard)]                           // wildcard Route Request with plen 8
    [InlineData("04 08 0000 0001 0190 01 05", TlvDropReason.BadSubTlv)]                  // PadN sub-TLV longer than the TLV
    [InlineData("04 0B 0000 0001 0190 80 03 000000", TlvDropReason.UnknownMandatorySubTlv)]
    public void Malformed_tlv_is_dropped_and_counted_and_the_walk_goes_on(string tlvHex, TlvDropReason reason) =>
        AssertDropped(tlvHex, reason);

    [Fact]
    public void Omitted_beyond_the_prefix_length_is_dropped() =>
        AssertDropped("08 0A 02 00 10 03 0640 0007 0060", TlvDropReason.OmittedTooLong,
            RouterIdTlv + "08 0E 02 80 20 00 0640 0007 FFFF 20010db8");

    [Fact]
    public void Omitted_with_no_default_prefix_is_dropped() =>
        AssertDropped("08 0B 02 00 30 05 0640 0007 0060 02", TlvDropReason.NoDefaultPrefix);

    [Fact]
    public void Ae_1_and_ae_4_keep_separate_default_prefixes() =>
        AssertDropped("08 0B 01 00 18 02 0640 0007 FFFF 01", TlvDropReason.NoDefaultPrefix,
            RouterIdTlv + "08 0D 04 80 18 00 0640 0007 0060 C61201");

    [Fact]
    public void Finite_update_without_a_router_id_is_ignored() =>
        AssertDropped("08 0E 02 00 20 00 0640 0007 0060 20010db8", TlvDropReason.MissingRouterId, before: "");

    [Fact]
    public void Invalid_router_id_clears_the_current_one()
    {
        var (tlvs, counters) = Read(RouterIdTlv + "06 0A 0000 FFFFFFFFFFFFFFFF" + "08 0E 02 00 20 00 0640 0007 0060 20010db8");
        Assert.Empty(tlvs);
        Assert.Equal(1, counters.TlvsDroppedBy(TlvDropReason.InvalidRouterId));
        Assert.Equal(1, counters.TlvsDroppedBy(TlvDropReason.MissingRouterId));
    }

    [Fact]
    public void Finite_ae_1_update_without_an_ipv4_next_hop_is_ignored() =>
        AssertDropped("08 0D 01 00 18 00 0640 0007 0060 C61201", TlvDropReason.MissingNextHop);

    [Fact]
    public void Retractions_without_router_id_or_next_hop_are_accepted()
    {
        var (tlvs, counters) = Read("08 0D 01 00 18 00 0640 0007 FFFF C61201" + "08 0E 02 00 20 00 0640 0007 FFFF 20010db8");
        Assert.Equal(
            [
                new Update(Net("198.18.1.0/24"), default, new SeqNo(7), Update.Infinity, SixteenSeconds),
                new Update(Net("2001:db8::/32"), default, new SeqNo(7), Update.Infinity, SixteenSeconds, Source),
            ],
            tlvs);
        Assert.Equal(0, counters.TlvsMalformed);
    }

    [Fact]
    public void Ipv4_source_is_the_default_ipv4_next_hop()
    {
        var datagram = Datagram(RouterIdTlv + "08 0D 01 00 18 00 0640 0007 0060 C61201");
        var tlvs = Decode(datagram, source: Ip("192.0.2.9"));
        Assert.Equal([new Update(Net("198.18.1.0/24"), Rid, new SeqNo(7), 96, SixteenSeconds, Ip("192.0.2.9"))], tlvs);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("00 00 00")]
    [InlineData("01 02 0000 00")]
    [InlineData("01 00")]
    public void Padding_in_the_trailer_is_accepted(string trailerHex)
    {
        var (tlvs, counters) = Read(Marker, trailerHex);
        Assert.Equal([MarkerAck], tlvs);
        Assert.Equal(0, counters.FramingErrors + counters.TlvsMalformed + counters.PacketsRejected);
    }

    [Fact]
    public void Tlvs_in_the_trailer_are_not_decoded()
    {
        var (tlvs, _) = Read(Marker, "03 02 BEEF");
        Assert.Equal([MarkerAck], tlvs);
    }

    [Fact]
    public void Unknown_mandatory_sub_tlv_drops_the_update_but_keeps_its_default_prefix_and_router_id()
    {
        // Update P|R for 2001:db8::102:304:506:708/128 with a mandatory sub-TLV 0x80: ignored, yet it sets the default
        // prefix and the router-id. The next Update omits 4 octets and has no Router-Id TLV before it.
        var (tlvs, counters) = Read(
            "08 1D 02 C0 80 00 0640 0001 0060 20010db8000000000102030405060708 80 01 00" +
            "08 0B 02 00 20 03 0640 0001 0060 b8");
        Assert.Equal([new Update(Net("2001:db8::/32"), Rid, new SeqNo(1), 96, SixteenSeconds, Source)], tlvs);
        Assert.Equal(1, counters.TlvsWithUnknownMandatorySubTlv);
    }

    [Fact]
    public void Unknown_mandatory_sub_tlv_on_router_id_and_next_hop_keeps_their_effect()
    {
        var (tlvs, counters) = Read(
            "06 0D 0000 0102030405060708 90 01 00" +
            "07 0D 03 00 0000000000000002 90 01 00" +
            "08 0D 04 80 18 00 0640 0001 0100 C61201");
        Assert.Equal([new Update(Net("198.18.1.0/24"), Rid, new SeqNo(1), 256, SixteenSeconds, Ip("fe80::2"))], tlvs);
        Assert.Equal(2, counters.TlvsWithUnknownMandatorySubTlv);
    }

    [Fact]
    public void Unknown_optional_sub_tlvs_and_sub_padding_are_skipped()
    {
        var (tlvs, _) = Read("04 14 0000 0001 0190 00 01 01 00 05 02 0000 03 04 00000009");
        Assert.Equal([new Hello(false, new SeqNo(1), TimeSpan.FromSeconds(4), 9)], tlvs);
    }

    [Fact]
    public void Timestamp_of_the_wrong_length_is_ignored()
    {
        var (tlvs, _) = Read("04 0C 0000 0001 0190 03 04 00000009" + "05 10 00 00 0060 04B0 03 04 00000001 00 00 00 00");
        Assert.Equal(
            [new Hello(false, new SeqNo(1), TimeSpan.FromSeconds(4), 9), new Ihu(96, TimeSpan.FromSeconds(12), null)],
            tlvs);
    }

    [Fact]
    public void Parser_state_starts_fresh_for_every_packet()
    {
        var counters = new DecodeCounters();
        var first = Decode(Datagram(RouterIdTlv + "08 10 02 80 30 00 0640 0007 0060 20010DB80001"), counters);
        var second = Decode(Datagram("08 0B 02 80 30 05 0640 0007 FFFF 02" + "08 0E 02 00 20 00 0640 0007 0060 20010db8"), counters);
        Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal(1, counters.TlvsDroppedBy(TlvDropReason.NoDefaultPrefix));
        Assert.Equal(1, counters.TlvsDroppedBy(TlvDropReason.MissingRouterId));
    }

    [Fact]
    public void A_p_flag_update_that_fails_to_parse_clears_the_default() =>
        AssertDropped("08 0B 02 00 30 05 0640 0007 FFFF 02", TlvDropReason.NoDefaultPrefix,
            RouterIdTlv + "08 10 02 80 30 00 0640 0007 0060 20010DB80001" + "08 0A 02 80 30 07 0640 0007 0060");

    [Fact]
    public void Truncated_router_id_leaves_no_router_id()
    {
        var (tlvs, counters) = Read(RouterIdTlv + "06 04 0000 0102" + "08 0E 02 00 20 00 0640 0007 0060 20010db8");
        Assert.Empty(tlvs);
        Assert.Equal(1, counters.TlvsDroppedBy(TlvDropReason.MissingRouterId));
    }

    [Fact]
    public void Unreadable_next_hop_resets_next_hops_to_their_defaults()
    {
        var (tlvs, counters) = Read(
            RouterIdTlv + "07 06 01 00 C0000201" + "07 0A 02 00 0000000000000002" + "07 02 00 00" +
            "08 0D 01 00 18 00 0640 0007 0060 C61201" +
            "08 0D 04 00 18 00 0640 0007 0060 C61201");
        Assert.Equal([new Update(Net("198.18.1.0/24"), Rid, new SeqNo(7), 96, SixteenSeconds, Source)], tlvs);
        Assert.Equal(1, counters.TlvsDroppedBy(TlvDropReason.MissingNextHop));
    }

    [Fact]
    public void Truncated_p_flag_update_clears_the_default() =>
        AssertDropped("08 0B 02 00 30 05 0640 0007 FFFF 02", TlvDropReason.NoDefaultPrefix,
            RouterIdTlv + "08 10 02 80 30 00 0640 0007 0060 20010DB80001" + "08 04 02 80 30 05");
}
