using System.Net;
using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Engine.EngineHarness;

namespace Babelwire.Agent.Babel.Tests.Engine;

/// <summary>Random update streams from three neighbours, checking what must hold after every event.</summary>
public sealed class InvariantTests
{
    private static readonly IPAddress PeerC = IPAddress.Parse("fe80::c");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Selected_routes_are_feasible_and_finite_and_the_change_stream_replays_to_the_selection(int round)
    {
        var h = new EngineHarness();
        var random = new Random(h.Seed + round);
        var peers = new[] { PeerA, PeerB, PeerC };
        var sources = new[] { FarId, new RouterId(0xE) };
        var prefixes = Enumerable.Range(0, 6).Select(i => $"2001:db8:{i}::/48").ToArray();
        foreach (var p in peers)
            h.BringUp(p);
        var replayed = new Dictionary<IPNetwork, SelectedRouteChange>();
        var seqnos = new Dictionary<RouterId, ushort> { [FarId] = 1, [new RouterId(0xE)] = 1 };
        for (var step = 0; step < 400; step++)
        {
            var peer = peers[random.Next(peers.Length)];
            var prefix = prefixes[random.Next(prefixes.Length)];
            var source = sources[random.Next(sources.Length)];
            switch (random.Next(10))
            {
                case 0:
                    h.Receive(peer, Route(prefix, source, seqnos[source], Metric.Infinity));
                    break;
                case 1:
                    seqnos[source]++;
                    goto default;
                case 2:
                    h.Receive(peer, new SeqnoRequest(IPNetwork.Parse(prefix), new SeqNo((ushort)(seqnos[source] + 1)), 5, source));
                    break;
                case 3:
                    h.AdvanceWithHellos(TimeSpan.FromSeconds(4), peers);
                    break;
                default:
                    h.Receive(peer, Route(prefix, source, seqnos[source], (ushort)random.Next(0, 600)));
                    break;
            }
            if (random.Next(20) == 0)
                h.Advance(TimeSpan.FromMilliseconds(random.Next(1, 3000)));

            foreach (var c in h.Changes)
            {
                if (c.Kind == RouteChangeKind.Removed)
                    Assert.True(replayed.Remove(c.Prefix), $"Removed without Added at step {step} {h.Because}");
                else if (c.Kind == RouteChangeKind.Added)
                    Assert.True(replayed.TryAdd(c.Prefix, c), $"Added twice at step {step} {h.Because}");
                else
                    Assert.True(replayed.ContainsKey(c.Prefix), $"Changed without Added at step {step} {h.Because}") ;
                if (c.Kind != RouteChangeKind.Removed)
                    replayed[c.Prefix] = c;
            }
            h.Changes.Clear();
            var selected = h.Router.Snapshot().Routes.Where(r => r.Selected).ToList();
            Assert.All(selected, r => Assert.True(r.Feasible && r.Metric < Metric.Infinity, $"{r} at step {step} {h.Because}"));
            Assert.Equal(selected.Count, selected.Select(r => r.Prefix).Distinct().Count());
            Assert.Equal(
                selected.Select(r => (r.Prefix, r.NextHop, r.Metric, r.Source)).OrderBy(x => x.Prefix.ToString(), StringComparer.Ordinal),
                replayed.Values.Select(c => (c.Prefix, c.NextHop, c.Metric, c.Source)).OrderBy(x => x.Prefix.ToString(), StringComparer.Ordinal));
        }
    }
}
