using System.Net;
using Babelwire.Agent.Babel;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.State;
using Babelwire.Agent.Status;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Agent.Tests.Hosting;

/// <summary>Two whole agent hosts on an in-memory link: engine loop, channels, state directory and status socket.</summary>
public sealed class HostLoopTests
{
    private static readonly ResolvedInterface A = TestAgent.Interface("veth-a", 7, "fe80::a");
    private static readonly ResolvedInterface B = TestAgent.Interface("veth-b", 9, "fe80::b");

    private sealed record Pair(InMemoryTransport TransportA, InMemoryTransport TransportB, FakeInterfaceResolver Resolver);

    private static Pair Link()
    {
        var link = new InMemoryLink();
        var resolver = new FakeInterfaceResolver();
        resolver.Add(A);
        resolver.Add(B);
        return new Pair(link.Attach(A), link.Attach(B), resolver);
    }

    private static bool HasSelected(StatusReport r, string prefix, string nextHop)
        => r.Routes!.Any(x => x.Prefix == prefix && x.Selected && x.NextHop == nextHop && x.Metric == 96);

    [Fact]
    public async Task Two_agents_on_a_link_learn_and_select_each_others_prefixes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var pair = Link();
        await using var a = await TestAgent.StartAsync(dirA, TestAgent.Config("veth-a", "2001:db8:a::/48"), pair.TransportA, pair.Resolver, ct);
        await using var b = await TestAgent.StartAsync(dirB, TestAgent.Config("veth-b", "198.18.2.0/24"), pair.TransportB, pair.Resolver, ct);

        var fromA = await a.WaitForAsync(r => HasSelected(r, "198.18.2.0/24", "fe80::b"), ct);
        var fromB = await b.WaitForAsync(r => HasSelected(r, "2001:db8:a::/48", "fe80::a"), ct);

        var neighbour = Assert.Single(fromA.Neighbours!);
        Assert.Equal(("veth-a", "fe80::b", 96), (neighbour.Interface, neighbour.Address, neighbour.Cost));
        Assert.Equal([new InterfaceReport("veth-a", "multicast", true, 7, 1500, "fe80::a")], fromA.Interfaces);
        Assert.Equal(["2001:db8:a::/48"], fromA.Announced!.Select(x => x.Prefix));
        Assert.Equal(fromB.RouterId, fromA.Routes!.Single(r => r.Selected).Source);
        Assert.True(pair.TransportA.Joined);
        var summary = await a.StatusAsync(summaryOnly: true, ct);
        Assert.Null(summary.Routes);
        Assert.Equal((1, 1, 1, 1), (summary.Summary.InterfacesUp, summary.Summary.Neighbours, summary.Summary.SelectedRoutes, summary.Summary.Announced));
    }

    [Fact]
    public async Task Stopping_an_agent_retracts_its_prefixes_and_a_restart_continues_its_seqno_and_router_id()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var pair = Link();
        await using var b = await TestAgent.StartAsync(dirB, TestAgent.Config("veth-b", "2001:db8:b::/48"), pair.TransportB, pair.Resolver, ct);
        var a = await TestAgent.StartAsync(dirA, TestAgent.Config("veth-a", "2001:db8:a::/48"), pair.TransportA, pair.Resolver, ct);
        var first = await a.StatusAsync(summaryOnly: true, ct);
        await b.WaitForAsync(r => HasSelected(r, "2001:db8:a::/48", "fe80::a"), ct);

        await a.DisposeAsync();

        await b.WaitForAsync(r => r.Routes!.Any(x => x.Prefix == "2001:db8:a::/48" && x.Metric == 0xFFFF) || r.Routes!.All(x => x.Prefix != "2001:db8:a::/48"), ct);
        var store = new AgentStateStore(Path.Combine(dirA.Path, "state"));
        Assert.Equal(new SeqNo((ushort)first.Seqno), store.ReadSeqno());
        Assert.False(File.Exists(a.Socket));

        await using var again = await TestAgent.StartAsync(dirA, TestAgent.Config("veth-a", "2001:db8:a::/48"), pair.TransportA, pair.Resolver, ct);
        var second = await again.StatusAsync(summaryOnly: true, ct);
        Assert.Equal(first.RouterId, second.RouterId);
        Assert.Equal((ushort)(first.Seqno + 1), second.Seqno);
    }

    [Fact]
    public async Task Datagrams_from_outside_fe80_64_or_on_an_unconfigured_interface_are_dropped_and_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pair = Link();
        await using var a = await TestAgent.StartAsync(dir, TestAgent.Config("veth-a", "2001:db8:a::/48"), pair.TransportA, pair.Resolver, ct);
        await a.WaitForAsync(r => r.Summary.InterfacesUp == 1, ct);
        // A well-formed Babel packet (RFC 8966 §4.2: magic 42, version 2, body length 2) holding one empty PadN (§4.6.2).
        byte[] packet = [42, 2, 0, 2, 1, 0];

        pair.TransportA.Inject(IPAddress.Parse("2001:db8::1"), A.Index, packet);
        pair.TransportA.Inject(IPAddress.Parse("fe80::1:0:0:0:1"), A.Index, packet);
        pair.TransportA.Inject(IPAddress.Parse("fe80::c"), 99, packet);
        pair.TransportA.Inject(IPAddress.Parse("fe80::c"), A.Index, packet);

        var report = await a.WaitForAsync(r => r.Counters!["datagramsReceived"] == 4 && r.Counters["engine.packetsReceived"] == 1, ct);
        Assert.Equal(2, report.Counters!["droppedNotLinkLocal"]);
        Assert.Equal(1, report.Counters["droppedUnknownInterface"]);
        Assert.Equal(1, report.Counters["engine.packetsReceived"]);
    }

    [Fact]
    public async Task An_interface_that_appears_late_is_picked_up_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var link = new InMemoryLink();
        var resolver = new FakeInterfaceResolver();
        await using var a = await TestAgent.StartAsync(dir, TestAgent.Config("veth-a", "2001:db8:a::/48"), link.Attach(A), resolver, ct);

        var waiting = await a.StatusAsync(summaryOnly: false, ct);
        Assert.False(Assert.Single(waiting.Interfaces!).Up);
        resolver.Add(A);

        var up = await a.WaitForAsync(r => r.Summary.InterfacesUp == 1, ct, attempts: 50);
        Assert.Equal("fe80::a", up.Interfaces![0].LinkLocal);
        Assert.True(resolver.Lookups >= 2);
    }

    [Fact]
    public async Task A_second_agent_on_the_same_status_socket_stops_with_a_failure_code()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pair = Link();
        await using var first = await TestAgent.StartAsync(dir, TestAgent.Config("veth-a", "2001:db8:a::/48"), pair.TransportA, pair.Resolver, ct);
        await first.StatusAsync(summaryOnly: true, ct);

        await using var second = await TestAgent.StartAsync(dir, TestAgent.Config("veth-a", "2001:db8:a::/48"), pair.TransportA, pair.Resolver, ct);

        for (var i = 0; i < 50 && second.Exit.Code == 0; i++)
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        Assert.Equal(1, second.Exit.Code);
        Assert.Equal(0, first.Exit.Code);
        await first.StatusAsync(summaryOnly: true, ct);
    }

    [Fact]
    public async Task An_interface_that_goes_away_is_dropped_with_its_routes_and_taken_back_with_its_new_index()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var pair = Link();
        var fast = """, "interfaceCheckInterval": "200ms" """;
        await using var a = await TestAgent.StartAsync(dirA, TestAgent.Config("veth-a", "2001:db8:a::/48", fast), pair.TransportA, pair.Resolver, ct);
        await using var b = await TestAgent.StartAsync(dirB, TestAgent.Config("veth-b", "2001:db8:b::/48"), pair.TransportB, pair.Resolver, ct);
        await a.WaitForAsync(r => HasSelected(r, "2001:db8:b::/48", "fe80::b"), ct);

        pair.Resolver.Remove("veth-a");
        var gone = await a.WaitForAsync(r => r.Summary.InterfacesUp == 0, ct, attempts: 50);
        Assert.Equal(0, gone.Summary.Neighbours);
        Assert.DoesNotContain(gone.Routes!, r => r.Selected);

        pair.TransportA.Index = 17;
        pair.Resolver.Add(A with { Index = 17 });
        var back = await a.WaitForAsync(r => r.Summary.InterfacesUp == 1 && HasSelected(r, "2001:db8:b::/48", "fe80::b"), ct);
        Assert.Equal(17, back.Interfaces![0].Index);
    }

    [Fact]
    public async Task A_seqno_raised_by_a_request_is_saved_while_running_not_only_at_shutdown()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pair = Link();
        await using var a = await TestAgent.StartAsync(dir, TestAgent.Config("veth-a", "2001:db8:a::/48"), pair.TransportA, pair.Resolver, ct);
        var before = await a.StatusAsync(summaryOnly: true, ct);
        Assert.True(RouterId.TryParse(before.RouterId, out var routerId));
        var wanted = new SeqNo((ushort)before.Seqno).Plus(1);

        // RFC 8966 §3.8.1.2: a Seqno Request for our own router-id asking for a newer seqno makes us raise ours.
        var packet = Babel.Wire.PacketWriter.Pack(
            [new Babel.Wire.Hello(false, new SeqNo(1), TimeSpan.FromSeconds(1)),
             new Babel.Wire.SeqnoRequest(IPNetwork.Parse("2001:db8:a::/48"), wanted, 2, routerId)], 1452).Single();
        pair.TransportA.Inject(B.LinkLocal, A.Index, packet);

        var raised = await a.WaitForAsync(r => !new SeqNo((ushort)r.Seqno).IsLessThan(wanted), ct);
        var store = new AgentStateStore(Path.Combine(dir.Path, "state"));
        SeqNo? saved = null;
        for (var i = 0; i < 50 && saved != new SeqNo((ushort)raised.Seqno); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            saved = store.ReadSeqno();
        }
        Assert.Equal(new SeqNo((ushort)raised.Seqno), saved);
    }

    [Fact]
    public async Task A_unicast_interface_talks_to_its_static_neighbour_and_still_joins_the_multicast_group()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var pair = Link();
        var unicast = TestAgent.Config("veth-a", "2001:db8:a::/48").Replace(
            "\"name\": \"veth-a\",", "\"name\": \"veth-a\", \"kind\": \"unicast\", \"neighbours\": [ \"fe80::b\" ],", StringComparison.Ordinal);
        await using var a = await TestAgent.StartAsync(dirA, unicast, pair.TransportA, pair.Resolver, ct);
        await using var b = await TestAgent.StartAsync(dirB, TestAgent.Config("veth-b", "2001:db8:b::/48"), pair.TransportB, pair.Resolver, ct);

        // A unicast interface uses symmetric link costs: the nominal 96 plus a small per-link perturbation (docs/babel-notes.md §5).
        var fromA = await a.WaitForAsync(r => r.Routes!.Any(x => x.Prefix == "2001:db8:b::/48" && x.Selected && x.NextHop == "fe80::b"
            && x.Metric == r.Neighbours!.Single().Cost && x.Metric is >= 96 and < 96 + 16), ct);
        await b.WaitForAsync(r => HasSelected(r, "2001:db8:a::/48", "fe80::a"), ct);

        Assert.Equal("unicast", fromA.Interfaces![0].Kind);
        Assert.True(pair.TransportA.Joined);
    }

    [Fact]
    public async Task A_silent_status_client_does_not_hold_up_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pair = Link();
        await using var a = await TestAgent.StartAsync(dir, TestAgent.Config("veth-a", "2001:db8:a::/48"), pair.TransportA, pair.Resolver, ct);
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await silent.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(a.Socket), ct);

        // The server gives a client 10 s to ask; the others must not wait for that.
        var report = await a.StatusAsync(summaryOnly: true, ct).WaitAsync(TimeSpan.FromSeconds(3), ct);

        Assert.Equal(1, report.Summary.Announced);
    }

    [Fact]
    public async Task The_loop_keeps_time_by_the_injected_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pair = Link();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var config = TestAgent.Config("veth-a", "2001:db8:a::/48").Replace("\"seqnoSaveInterval\": \"1s\"", "\"seqnoSaveInterval\": \"1m\"", StringComparison.Ordinal);
        await using var a = await TestAgent.StartAsync(dir, config, pair.TransportA, pair.Resolver, ct, clock);
        var before = await a.StatusAsync(summaryOnly: true, ct);
        Assert.True(RouterId.TryParse(before.RouterId, out var routerId));
        var packet = Babel.Wire.PacketWriter.Pack(
            [new Babel.Wire.Hello(false, new SeqNo(1), TimeSpan.FromSeconds(1)),
             new Babel.Wire.SeqnoRequest(IPNetwork.Parse("2001:db8:a::/48"), new SeqNo((ushort)before.Seqno).Plus(1), 2, routerId)], 1452).Single();
        pair.TransportA.Inject(B.LinkLocal, A.Index, packet);
        var raised = await a.WaitForAsync(r => r.Seqno != before.Seqno, ct);
        var store = new AgentStateStore(Path.Combine(dir.Path, "state"));

        // The save is due a minute later on the injected clock, which stands still until the test moves it.
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        Assert.Equal(new SeqNo((ushort)before.Seqno), store.ReadSeqno());
        Assert.Equal("2026-11-25T12:00:00.0000000+00:00", raised.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        clock.Advance(TimeSpan.FromMinutes(1));
        SeqNo? saved = null;
        for (var i = 0; i < 50 && saved != new SeqNo((ushort)raised.Seqno); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            saved = store.ReadSeqno();
        }
        Assert.Equal(new SeqNo((ushort)raised.Seqno), saved);
    }
}
