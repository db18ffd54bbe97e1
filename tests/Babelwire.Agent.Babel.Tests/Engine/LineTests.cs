using Babelwire.Agent.Babel.Neighbours;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Agent.Babel.Tests.Engine;

/// <summary>A – B – C through the real codec; B has a multicast interface towards A and a unicast-only one towards C.</summary>
public sealed class LineTests
{
    private static readonly IPAddress A = IPAddress.Parse("fe80::a");
    private static readonly IPAddress B1 = IPAddress.Parse("fe80::b1");
    private static readonly IPAddress B2 = IPAddress.Parse("fe80::b2");
    private static readonly IPAddress C = IPAddress.Parse("fe80::c");
    private static readonly IPNetwork PrefixA = IPNetwork.Parse("2001:db8:a::/48");
    private static readonly IPNetwork PrefixC = IPNetwork.Parse("198.18.3.0/24");

    private readonly FakeTimeProvider _time = new();
    private readonly BabelRouter _a;
    private readonly BabelRouter _b;
    private readonly BabelRouter _c;
    private bool _linkAB = true;

    public LineTests()
    {
        var seed = EngineHarness.TestSeed();
        _a = new BabelRouter(new BabelRouterOptions(new RouterId(0xA)), _time, new Random(seed));
        _b = new BabelRouter(new BabelRouterOptions(new RouterId(0xB)), _time, new Random(seed + 1));
        _c = new BabelRouter(new BabelRouterOptions(new RouterId(0xC)), _time, new Random(seed + 2));
        _a.AddInterface(new BabelInterface("eth0", InterfaceKind.Multicast, A));
        _b.AddInterface(new BabelInterface("eth0", InterfaceKind.Multicast, B1));
        _b.AddInterface(new BabelInterface("wg0", InterfaceKind.UnicastOnly, B2));
        _c.AddInterface(new BabelInterface("wg0", InterfaceKind.UnicastOnly, C));
        _b.AddNeighbour("wg0", C);
        _c.AddNeighbour("wg0", B2);
        _a.Announce(PrefixA);
        _c.Announce(PrefixC);
    }

    private void Run(TimeSpan span)
    {
        var end = _time.GetUtcNow() + span;
        var routers = new[] { _a, _b, _c };
        var outgoing = new List<OutgoingDatagram>();
        for (var i = 0; i < 1_000_000 && _time.GetUtcNow() < end; i++)
        {
            var busy = false;
            foreach (var r in routers)
            {
                r.Poll();
                outgoing.Clear();
                r.DrainOutgoing(outgoing);
                busy |= outgoing.Count > 0;
                foreach (var d in outgoing)
                    Deliver(r, d);
            }
            if (busy)
                continue;
            var step = routers.Min(r => r.UntilNextDue());
            step = step < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : step;
            var left = end - _time.GetUtcNow();
            _time.Advance(step < left ? step : left);
        }
    }

    private void Deliver(BabelRouter from, OutgoingDatagram d)
    {
        if (from == _a && _linkAB)
            _b.Receive("eth0", A, d.Payload);
        else if (from == _b && d.Interface == "eth0" && _linkAB)
            _a.Receive("eth0", B1, d.Payload);
        else if (from == _b && d.Interface == "wg0" && d.Destination.Equals(C))
            _c.Receive("wg0", B2, d.Payload);
        else if (from == _c && d.Destination.Equals(B2))
            _b.Receive("wg0", C, d.Payload);
    }

    /// <summary>96 on the multicast link; on the unicast-only one (symmetric cost) 96 plus the link's perturbation.</summary>
    private static readonly int AcrossBoth = 96 + 96 + LinkCost.PairPerturbation(B2, C, new BabelRouterOptions(new RouterId(1)).MaxLinkPerturbation);

    [Fact]
    public void Prefixes_cross_both_kinds_of_interface_with_summed_metrics_and_a_cut_retracts_them()
    {
        Run(TimeSpan.FromSeconds(30));
        var atC = _c.Snapshot().Routes.Single(r => r.Selected && r.Prefix == PrefixA);
        Assert.Equal(AcrossBoth, atC.Metric);
        Assert.Equal(new RouterId(0xA), atC.Source);
        Assert.Equal(B2, atC.NextHop);
        var atA = _a.Snapshot().Routes.Single(r => r.Selected && r.Prefix == PrefixC);
        Assert.Equal(AcrossBoth, atA.Metric);
        Assert.Equal(B1, atA.NextHop);

        _linkAB = false;
        // B misses A's Hellos after 1.5 and then one more interval; the retraction reaches C urgently.
        Run(TimeSpan.FromSeconds(12));
        Assert.DoesNotContain(_c.Snapshot().Routes, r => r.Selected && r.Prefix == PrefixA);
        Assert.DoesNotContain(_b.Snapshot().Routes, r => r.Selected && r.Prefix == PrefixA);

        _linkAB = true;
        Run(TimeSpan.FromSeconds(30));
        Assert.Equal(AcrossBoth, _c.Snapshot().Routes.Single(r => r.Selected && r.Prefix == PrefixA).Metric);
    }
}
