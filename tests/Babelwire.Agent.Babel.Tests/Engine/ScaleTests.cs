using System.Diagnostics;
using System.Net;
using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Engine.EngineHarness;

namespace Babelwire.Agent.Babel.Tests.Engine;

public sealed class ScaleTests(ITestOutputHelper output)
{
    private static IPNetwork Prefix(int i) => new(new IPAddress([0x20, 0x01, 0x0d, 0xb8, (byte)(i >> 16), (byte)(i >> 8), (byte)i, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 56);

    [Fact]
    public void A_large_full_dump_is_paced_at_the_configured_rate()
    {
        const int rate = 1000;
        var h = new EngineHarness(configure: o => o with { PacedDatagramsPerSecond = rate });
        for (var i = 0; i < 20_000; i++)
            h.Router.Announce(Prefix(i));
        h.BringUp(PeerA);
        h.Advance(TimeSpan.FromMilliseconds(50));
        var drained = new List<OutgoingDatagram>();
        h.Router.DrainOutgoing(drained);
        var dumpDatagrams = h.Sent.Where(s => s.Paced && s.Destination.Equals(PeerA)).Sum(s => PacketWriter.Pack(s.Tlvs, 1420 - 48).Count);
        Assert.True(dumpDatagrams > 100, $"{dumpDatagrams} datagrams {h.Because}");
        var sentSoFar = drained.Count(d => d.Destination.Equals(PeerA));
        // 50 ms at 1000/s plus the burst: far from all of them.
        Assert.True(sentSoFar <= 16 + 50 + 5, $"{sentSoFar} sent in the first 50 ms {h.Because}");
        // The engine asks to be woken for the rest, and delivers them all in time.
        Assert.True(h.Router.UntilNextDue() <= TimeSpan.FromMilliseconds(2), h.Because);
        var seconds = (dumpDatagrams / (double)rate) + 1;
        h.Advance(TimeSpan.FromSeconds(seconds));
        h.Router.DrainOutgoing(drained);
        var updates = drained.Where(d => d.Destination.Equals(PeerA)).Sum(d => d.Payload.Length);
        Assert.True(drained.Count(d => d.Destination.Equals(PeerA)) >= dumpDatagrams, h.Because);
        Assert.All(drained, d => Assert.InRange(d.Payload.Length, 4, 1420 - 48));
        output.WriteLine($"{dumpDatagrams} datagrams, {updates} octets for 20,000 prefixes");
    }

    [Fact]
    public void One_hundred_thousand_prefixes_from_one_neighbour_are_ingested_quickly()
    {
        const int count = 100_000;
        var h = new EngineHarness();
        h.BringUp(PeerA);
        var updates = Enumerable.Range(0, count).Select(i => (Tlv)new Update(Prefix(i), FarId, new SeqNo(1), 100, UpdateInterval)).ToList();
        var datagrams = PacketWriter.Pack(updates, 1420 - 48);
        updates = null;
        h.Router.SentLog = null;
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        foreach (var d in datagrams)
            h.Router.Receive(Wg, PeerA, d);
        h.Advance(TimeSpan.FromSeconds(2));
        clock.Stop();
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        var changes = new List<SelectedRouteChange>();
        h.Router.DrainRouteChanges(changes);
        var selected = h.Changes.Count(c => c.Kind == RouteChangeKind.Added);
        output.WriteLine($"{datagrams.Count} datagrams, {count} prefixes: {clock.Elapsed.TotalMilliseconds:F0} ms, {(memoryAfter - memoryBefore) / 1e6:F1} MB retained");
        Assert.Equal(count, selected);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.True(memoryAfter - memoryBefore < 200_000_000, $"{memoryAfter - memoryBefore} octets");
    }

    [Fact]
    public void An_urgent_answer_overtakes_a_queued_full_dump()
    {
        var h = new EngineHarness(configure: o => o with { PacedDatagramsPerSecond = 100 });
        for (var i = 0; i < 20_000; i++)
            h.Router.Announce(Prefix(i));
        h.BringUp(PeerA);
        h.Advance(TimeSpan.FromMilliseconds(100));
        var drained = new List<OutgoingDatagram>();
        h.Router.DrainOutgoing(drained);
        // A full dump of ~200 datagrams now takes 2 s; an Ack Request must not wait for it.
        h.Receive(PeerA, new AckRequest(77, TimeSpan.FromSeconds(1)));
        h.Advance(TimeSpan.FromMilliseconds(100));
        drained.Clear();
        h.Router.DrainOutgoing(drained);
        var acks = drained.Where(d => d.Payload.Length < 40).ToList();
        Assert.NotEmpty(acks);
        Assert.True(drained.Count <= 12, $"{drained.Count} datagrams in 100 ms at 100/s {h.Because}");
    }
}
