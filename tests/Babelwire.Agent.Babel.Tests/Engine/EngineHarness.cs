using System.Net;
using Babelwire.Agent.Babel.Transmit;
using Babelwire.Agent.Babel.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Agent.Babel.Tests.Engine;

/// <summary>
/// One engine on fake time with a seeded Random, fed decoded TLVs and recording the TLVs it sends. The seed is part
/// of every failure message (<see cref="Because"/>) so a failing run can be replayed.
/// </summary>
internal sealed class EngineHarness
{
    public const string Wg = "wg0";
    public const string Eth = "eth0";

    public static readonly IPAddress Self = IPAddress.Parse("fe80::1");
    public static readonly IPAddress PeerA = IPAddress.Parse("fe80::a");
    public static readonly IPAddress PeerB = IPAddress.Parse("fe80::b");
    public static readonly RouterId PeerAId = new(0xA);
    public static readonly RouterId PeerBId = new(0xB);
    public static readonly RouterId FarId = new(0xF);

    /// <param name="symmetric">
    /// Symmetric cost (the default on unicast-only interfaces) is off unless asked for, so that most tests see babeld's
    /// link cost formulas; the tests of symmetric costs turn it on.
    /// </param>
    public EngineHarness(int? seed = null, Func<BabelRouterOptions, BabelRouterOptions>? configure = null, bool multicast = false,
        LinkCostKind costKind = LinkCostKind.TwoOutOfThree, bool rttCost = false, bool symmetric = false)
    {
        Seed = seed ?? TestSeed();
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new BabelRouterOptions(new RouterId(0x1)) { InitialSeqno = new SeqNo(100) };
        Router = new BabelRouter(configure?.Invoke(options) ?? options, Time, new Random(Seed)) { SentLog = Sent };
        Interface = multicast ? Eth : Wg;
        Router.AddInterface(new BabelInterface(
            Interface, multicast ? InterfaceKind.Multicast : InterfaceKind.UnicastOnly, Self,
            CostKind: costKind, NominalCost: costKind == LinkCostKind.Etx ? (ushort)256 : (ushort)96, RttCost: rttCost,
            SymmetricCost: symmetric));
    }

    public int Seed { get; }

    /// <summary>
    /// A fresh seed per test, or BABEL_TEST_SEED to replay one. Written to the test output, which xUnit shows
    /// with every failure.
    /// </summary>
    public static int TestSeed()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BABEL_TEST_SEED"), out var s) ? s : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"Random seed {seed} (replay with BABEL_TEST_SEED={seed})");
        return seed;
    }

    public FakeTimeProvider Time { get; }

    public BabelRouter Router { get; }

    public string Interface { get; }

    public List<SentTlvs> Sent { get; } = [];

    public List<SelectedRouteChange> Changes { get; } = [];

    public string Because => $"(seed {Seed})";

    public static readonly TimeSpan HelloEvery = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromSeconds(16);

    /// <summary>Advances fake time in steps no longer than the engine asks for, polling at every deadline.</summary>
    public void Advance(TimeSpan span)
    {
        var end = Time.GetUtcNow() + span;
        for (var i = 0; i < 1_000_000; i++)
        {
            Router.Poll();
            var left = end - Time.GetUtcNow();
            if (left <= TimeSpan.Zero)
                break;
            var step = Router.UntilNextDue();
            if (step <= TimeSpan.Zero)
                step = TimeSpan.FromMilliseconds(1);
            Time.Advance(step < left ? step : left);
        }
        Router.DrainRouteChanges(Changes);
    }

    public void Receive(IPAddress from, params Tlv[] tlvs)
    {
        Router.Receive(Interface, from, tlvs);
        Router.DrainRouteChanges(Changes);
    }

    /// <summary>Makes a neighbour fully up: given (unicast-only), two Hellos and an IHU with rxcost 96.</summary>
    public void BringUp(IPAddress peer)
    {
        if (Interface == Wg)
            Router.AddNeighbour(Wg, peer);
        Receive(peer, new Hello(false, NextHelloSeqno(peer), HelloEvery), new Ihu(96, 3 * HelloEvery, Self));
        Receive(peer, new Hello(false, NextHelloSeqno(peer), HelloEvery));
    }

    private readonly Dictionary<IPAddress, ushort> _helloSeqnos = [];

    /// <summary>The next Hello seqno a simulated peer sends: consecutive, per peer.</summary>
    public SeqNo NextHelloSeqno(IPAddress peer)
    {
        var s = _helloSeqnos.GetValueOrDefault(peer, (ushort)1);
        _helloSeqnos[peer] = (ushort)(s + 1);
        return new SeqNo(s);
    }

    /// <summary>Keeps a neighbour's Hellos and IHUs coming while time passes.</summary>
    public void AdvanceWithHellos(TimeSpan span, params IPAddress[] peers)
    {
        var steps = (int)(span / HelloEvery);
        for (var i = 0; i < steps; i++)
        {
            foreach (var p in peers)
                Receive(p, new Hello(false, NextHelloSeqno(p), HelloEvery), new Ihu(96, 3 * HelloEvery, Self));
            Advance(HelloEvery);
        }
    }

    public static Update Route(string prefix, RouterId source, ushort seqno, ushort metric, TimeSpan? interval = null)
        => new(IPNetwork.Parse(prefix), source, new SeqNo(seqno), metric, interval ?? UpdateInterval);

    public IEnumerable<(SentTlvs Packet, T Tlv)> SentOf<T>() where T : Tlv
        => Sent.SelectMany(s => s.Tlvs.OfType<T>().Select(t => (s, t)));

    public RouteStatus? Selected(string prefix)
        => Router.Snapshot().Routes.SingleOrDefault(r => r.Selected && r.Prefix == IPNetwork.Parse(prefix));

    public NeighbourStatus Neighbour(IPAddress address) => Router.Snapshot().Neighbours.Single(n => n.Address.Equals(address));
}
