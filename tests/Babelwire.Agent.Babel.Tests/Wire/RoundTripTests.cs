using Babelwire.Agent.Babel.Wire;
using CsCheck;
using static Babelwire.Agent.Babel.Tests.Wire.Packets;

namespace Babelwire.Agent.Babel.Tests.Wire;

public sealed class RoundTripTests
{
    private const int Iterations = 2_000;

    private static void AssertRoundTrips(IReadOnlyList<Tlv> tlvs, int maxDatagramSize)
    {
        var counters = new DecodeCounters();
        var datagrams = PacketWriter.Pack(tlvs, maxDatagramSize);
        var decoded = new List<Tlv>();
        foreach (var datagram in datagrams)
        {
            Assert.InRange(datagram.Length, PacketReader.HeaderLength + 1, maxDatagramSize);
            decoded.AddRange(Decode(datagram, counters));
        }
        Assert.Equal(tlvs.Select(TlvGenerators.Decoded), decoded);
        Assert.Equal(0, counters.TlvsMalformed + counters.TlvsUnknown + counters.FramingErrors + counters.PacketsRejected);
    }

    [Fact]
    public void Every_tlv_round_trips_alone_in_a_packet() =>
        TlvGenerators.AnyTlv.Sample(tlv => AssertRoundTrips([tlv], PacketWriter.MinimumDatagramSize), iter: Iterations, threads: 1);

    [Fact]
    public void Updates_round_trip_with_mixed_address_encodings_and_next_hops() =>
        TlvGenerators.AnyUpdate.List[1, 60].Sample(updates => AssertRoundTrips(updates, 1372), iter: Iterations, threads: 1);

    [Theory]
    [InlineData(PacketWriter.MinimumDatagramSize)]
    [InlineData(1372)]
    public void Mixed_tlv_sequences_round_trip_when_packed_into_datagrams(int maxDatagramSize) =>
        TlvGenerators.AnyTlv.List[0, 300].Sample(tlvs => AssertRoundTrips(tlvs, maxDatagramSize), iter: 300, threads: 1);

    [Fact]
    public void Many_updates_sharing_prefixes_are_compressed_and_round_trip() =>
        TlvGenerators.IPv6Prefix.HashSet[50, 200].Sample(prefixes =>
        {
            var rid = new RouterId(0x0102030405060708);
            var updates = prefixes
                .OrderBy(p => p.BaseAddress.ToString(), StringComparer.Ordinal)
                .Select(p => (Tlv)new Update(p, rid, new SeqNo(1), 96, TimeSpan.FromSeconds(16)))
                .ToList();
            AssertRoundTrips(updates, 1372);
            var uncompressed = updates.Sum(u => UpdateTlv.EncodedLength((((Update)u).Prefix.PrefixLength + 7) / 8));
            var sent = PacketWriter.Pack(updates, 1372).Sum(d => d.Length - PacketReader.HeaderLength);
            Assert.True(sent < uncompressed, $"sent {sent} octets, uncompressed {uncompressed}");
        }, iter: 200, threads: 1);

    [Fact]
    public void Static_writers_refuse_a_destination_one_octet_too_small() =>
        TlvGenerators.AnyTlv.Where(t => t is not Update).Sample(tlv =>
        {
            Span<byte> buffer = stackalloc byte[300];
            Assert.True(TryWrite(buffer, tlv, out var written));
            Assert.False(TryWrite(buffer[..(written - 1)], tlv, out _));
        }, iter: Iterations, threads: 1);

    private static bool TryWrite(Span<byte> destination, Tlv tlv, out int written) => tlv switch
    {
        Hello t => HelloTlv.TryWrite(destination, t, out written),
        Ihu t => IhuTlv.TryWrite(destination, t, out written),
        RouteRequest t => RouteRequestTlv.TryWrite(destination, t, out written),
        SeqnoRequest t => SeqnoRequestTlv.TryWrite(destination, t, out written),
        AckRequest t => AckRequestTlv.TryWrite(destination, t, out written),
        Ack t => AckTlv.TryWrite(destination, t, out written),
        WildcardRetraction t => UpdateTlv.TryWrite(destination, t, out written),
        _ => throw new ArgumentOutOfRangeException(nameof(tlv)),
    };

    [Fact]
    public void Writer_fills_a_datagram_before_starting_the_next()
    {
        var rid = new RouterId(7);
        var updates = Enumerable.Range(0, 1000)
            .Select(i => (Tlv)new Update(Net($"2001:db8:{i:x}::/48"), rid, new SeqNo(1), 96, TimeSpan.FromSeconds(16)))
            .ToList();
        var datagrams = PacketWriter.Pack(updates, 1372);
        Assert.All(datagrams.SkipLast(1), d => Assert.InRange(d.Length, 1372 - UpdateTlv.EncodedLength(16), 1372));
        AssertRoundTrips(updates, 1372);
    }

    [Fact]
    public void Each_datagram_restates_router_id_and_next_hop()
    {
        var rid = new RouterId(7);
        var nextHop = Ip("fe80::7");
        var updates = Enumerable.Range(0, 200)
            .Select(i => (Tlv)new Update(Net($"198.18.{i}.0/24"), rid, new SeqNo(1), 96, TimeSpan.FromSeconds(16), nextHop))
            .ToList();
        var datagrams = PacketWriter.Pack(updates, PacketWriter.MinimumDatagramSize);
        Assert.True(datagrams.Count > 1);
        Assert.All(datagrams, d => Assert.All(Decode(d), t => Assert.Equal(rid, ((Update)t).RouterId)));
        AssertRoundTrips(updates, PacketWriter.MinimumDatagramSize);
    }

    [Fact]
    public void An_update_back_to_the_source_next_hop_starts_a_new_datagram()
    {
        var writer = new PacketWriter(PacketWriter.MinimumDatagramSize);
        var rid = new RouterId(7);
        Assert.True(writer.TryWrite(new Update(Net("2001:db8:1::/48"), rid, new SeqNo(1), 96, TimeSpan.FromSeconds(16), Ip("fe80::7"))));
        Assert.False(writer.TryWrite(new Update(Net("2001:db8:2::/48"), rid, new SeqNo(1), 96, TimeSpan.FromSeconds(16))));
        writer.Flush();
        Assert.True(writer.IsEmpty);
        Assert.True(writer.TryWrite(new Update(Net("2001:db8:2::/48"), rid, new SeqNo(1), 96, TimeSpan.FromSeconds(16))));
    }

    [Fact]
    public void A_finite_update_without_a_valid_router_id_is_a_caller_error() =>
        Assert.Throws<ArgumentException>(() =>
            new PacketWriter(PacketWriter.MinimumDatagramSize).TryWrite(new Update(Net("2001:db8::/32"), default, new SeqNo(1), 96, TimeSpan.FromSeconds(1))));
}
