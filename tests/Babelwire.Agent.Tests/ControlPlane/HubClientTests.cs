using System.Net;
using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared;
using Babelwire.Shared.Mesh;
using Babelwire.Shared.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>The hub client against a test hub over real SignalR on loopback; the agent's clock is a <see cref="FakeTimeProvider"/>.</summary>
public sealed partial class HubClientTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static PeerDto Peer(WireGuardKey key, string name, string endpoint = "192.0.2.7:51820", params string[] allowed) => new(
        Guid.NewGuid(), name, key.ToString(), [endpoint], [$"{LinkLocalAddress.FromPublicKey(key)}/128", .. allowed], "fd00:b1::7/128", "198.18.0.7/32");

    private static WireGuardKey NewKey() => WireGuardKey.GeneratePrivateKey().DerivePublicKey();

    private static AgentStateDto StateWith(params RouteStateDto[] routes) => new(
        0, "test",
        [new NeighbourStateDto("fe80::7", null, "wgt0", 96, 96, 96, 1.5)],
        routes,
        [new PeerStatsDto("peer", "192.0.2.7:51820", null, 10, 20)]);

    private static RouteStateDto Route(string prefix, int metric) => new(prefix, metric, "02:00:00:00:00:00:00:07", "fe80::7", null, true);

    private sealed record Setup(TempDirectory Dir, TestController Controller, FakeTimeProvider Time, FakeStateSource State, ControlPlaneHarness Agent) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Agent.DisposeAsync();
            await Controller.DisposeAsync();
            Dir.Dispose();
        }

        /// <summary>Moves the agent's clock on in steps until <paramref name="condition"/> holds (bounded).</summary>
        public async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step, CancellationToken ct, int attempts = 200)
        {
            for (var i = 0; i < attempts && !condition(); i++)
            {
                Time.Advance(step);
                await Task.Delay(20, ct);
            }
            Assert.True(condition(), $"not reached after {attempts} steps of {step}");
        }
    }

    private static async Task<Setup> ConnectedAsync(CancellationToken ct, Action<HubBehaviour>? hub = null)
    {
        var dir = new TempDirectory();
        var controller = await TestController.StartAsync(ct);
        controller.Hub.Settings = controller.Hub.Settings with { StateReportInterval = Interval };
        hub?.Invoke(controller.Hub);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var state = new FakeStateSource { State = StateWith(Route("198.18.0.7/32", 96)) };
        var agent = await ControlPlaneHarness.StartAsync(dir, ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """), time, state, ct);
        await controller.Hub.WaitForAsync<HubEvent.FullReport>(ct);
        return new Setup(dir, controller, time, state, agent);
    }

    [Fact]
    public async Task On_connect_the_agent_says_hello_takes_the_peer_set_and_sends_its_whole_state_as_report_1()
    {
        var ct = TestContext.Current.CancellationToken;
        var other = NewKey();
        await using var s = await ConnectedAsync(ct, hub => hub.PeerSet = new PeerSetDto(3, []));
        // The hub's set lists this node too; the agent leaves itself out.
        var self = s.Agent.PublicKey;

        var connected = Assert.Single(s.Controller.Hub.All<HubEvent.Connected>());
        Assert.Equal("credential-1", connected.AccessToken);
        var hello = Assert.Single(s.Controller.Hub.All<HubEvent.Hello>()).Value;
        Assert.Equal(ProtocolVersion.Current, hello.ProtocolVersion);
        Assert.Equal(["192.0.2.1:51820"], hello.Endpoints);
        var report = Assert.Single(s.Controller.Hub.All<HubEvent.FullReport>()).State;
        Assert.Equal(1, report.Sequence);
        Assert.Equal("198.18.0.7/32", Assert.Single(report.Routes).Prefix);
        Assert.Equal(ControlPlanePhase.Connected, s.Agent.State.Phase);
        Assert.Equal(3, s.Agent.Peers.Version);
        Assert.Contains(s.Agent.Logs.Entries, e => e.Level == LogLevel.Information && e.EventId == 6100);

        await s.Controller.HubContext.Clients.All.PeerSetChanged(new PeerSetDeltaDto(3, 4, [Peer(other, "beta"), Peer(self, "alpha")], []));
        await Poll.UntilAsync(() => s.Agent.Peers.Version == 4, ct);
        var peer = Assert.Single(s.Agent.Peers.Peers);
        Assert.Equal(other, peer.PublicKey);
        Assert.Equal("192.0.2.7:51820", peer.Endpoint!.ToString());
        Assert.True(peer.Configured);
        Assert.Equal(0, s.Controller.Hub.Count<HubEvent.PeerSetFetched>());
    }

    [Fact]
    public async Task After_the_full_report_only_changes_are_sent_each_interval_and_nothing_when_nothing_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct);

        // Nothing changed: a tick sends nothing.
        var snapshots = s.State.Snapshots;
        s.Time.Advance(Interval);
        await Poll.UntilAsync(() => s.State.Snapshots > snapshots, ct);
        await Task.Delay(200, ct);
        Assert.Equal(0, s.Controller.Hub.Count<HubEvent.Delta>());

        // A route's metric changes and another appears: one delta with exactly those, numbered 2.
        s.State.State = StateWith(Route("198.18.0.7/32", 192), Route("198.18.0.8/32", 96));
        s.Time.Advance(Interval);
        var delta = (await s.Controller.Hub.WaitForAsync<HubEvent.Delta>(ct)).Value;
        Assert.Equal(2, delta.Sequence);
        Assert.Equal([("198.18.0.7/32", 192), ("198.18.0.8/32", 96)], delta.RoutesUpserted.Select(r => (r.Prefix, r.Metric)).Order());
        Assert.Empty(delta.RoutesRemoved);
        Assert.Empty(delta.NeighboursUpserted);
        Assert.Empty(delta.PeersUpserted);

        // A route is lost: the next delta removes it, numbered 3.
        s.State.State = StateWith(Route("198.18.0.8/32", 96));
        s.Time.Advance(Interval);
        var removal = (await s.Controller.Hub.WaitForAsync<HubEvent.Delta>(ct, nth: 2)).Value;
        Assert.Equal(3, removal.Sequence);
        Assert.Equal(["198.18.0.7/32"], removal.RoutesRemoved);
        Assert.Empty(removal.RoutesUpserted);
    }

    [Fact]
    public async Task New_mesh_settings_change_the_report_interval()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct);

        await s.Controller.HubContext.Clients.All.MeshSettingsChanged(s.Controller.Hub.Settings with { StateReportInterval = TimeSpan.FromSeconds(1) });
        await Poll.UntilAsync(() => s.Agent.State.Settings?.StateReportInterval == TimeSpan.FromSeconds(1), ct);
        await Poll.UntilAsync(() => s.Agent.Logs.Entries.Any(e => e.EventId == 6106), ct);
        s.State.State = StateWith(Route("198.18.0.11/32", 96));
        s.Time.Advance(TimeSpan.FromSeconds(1));

        var delta = (await s.Controller.Hub.WaitForAsync<HubEvent.Delta>(ct)).Value;
        Assert.Equal(["198.18.0.11/32"], delta.RoutesUpserted.Select(r => r.Prefix));
    }

    [Fact]
    public async Task When_the_hub_asks_for_a_resync_the_next_report_is_full()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct, hub => hub.ResyncAt.Add(2));

        s.State.State = StateWith(Route("198.18.0.9/32", 96));
        s.Time.Advance(Interval);

        var full = (await s.Controller.Hub.WaitForAsync<HubEvent.FullReport>(ct, nth: 2)).State;
        Assert.Equal(3, full.Sequence);
        Assert.Equal("198.18.0.9/32", Assert.Single(full.Routes).Prefix);
    }

    [Fact]
    public async Task A_peer_set_delta_from_another_version_makes_the_agent_fetch_the_whole_set()
    {
        var ct = TestContext.Current.CancellationToken;
        var beta = NewKey();
        var gamma = NewKey();
        await using var s = await ConnectedAsync(ct, hub => hub.PeerSet = new PeerSetDto(5, [Peer(beta, "beta")]));
        Assert.Equal(beta, Assert.Single(s.Agent.Peers.Peers).PublicKey);
        var changes = 0;
        s.Agent.Peers.Changed += () => Interlocked.Increment(ref changes);

        s.Controller.Hub.PeerSet = new PeerSetDto(9, [Peer(gamma, "gamma", "[2001:db8::9]:51820", "198.18.9.0/24")]);
        await s.Controller.HubContext.Clients.All.PeerSetChanged(new PeerSetDeltaDto(7, 8, [Peer(NewKey(), "delta")], []));

        await s.Controller.Hub.WaitForAsync<HubEvent.PeerSetFetched>(ct);
        await Poll.UntilAsync(() => Volatile.Read(ref changes) == 1, ct);
        Assert.Equal(9, s.Agent.Peers.Version);
        var peer = Assert.Single(s.Agent.Peers.Peers);
        Assert.Equal(gamma, peer.PublicKey);
        Assert.Equal("[2001:db8::9]:51820", peer.Endpoint!.ToString());
        Assert.Contains(IPNetwork.Parse("198.18.9.0/24"), peer.BaseAllowedIps);
        Assert.Contains(new IPNetwork(LinkLocalAddress.FromPublicKey(gamma), 128), peer.BaseAllowedIps);
    }

    [Fact]
    public async Task When_the_hub_drops_the_connection_the_agent_backs_off_reconnects_and_resyncs_in_full()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct);
        s.State.State = StateWith(Route("198.18.0.7/32", 96), Route("198.18.0.10/32", 300));

        s.Controller.Hub.AbortAll();

        await Poll.UntilAsync(() => s.Agent.State.Phase == ControlPlanePhase.Away, ct);
        Assert.Contains(s.Agent.Logs.Entries, e => e.Level == LogLevel.Warning && e.EventId == 6101);
        // The backoff runs on the agent's clock: no new connection until it moves.
        await Task.Delay(300, ct);
        Assert.Single(s.Controller.Hub.All<HubEvent.Hello>());

        await s.AdvanceUntilAsync(() => s.Controller.Hub.Count<HubEvent.FullReport>() == 2, TimeSpan.FromMilliseconds(250), ct);
        var hellos = s.Controller.Hub.All<HubEvent.Hello>();
        Assert.Equal(2, hellos.Count);
        Assert.NotEqual(hellos[0].ConnectionId, hellos[1].ConnectionId);
        var resync = s.Controller.Hub.All<HubEvent.FullReport>()[1].State;
        Assert.Equal(1, resync.Sequence);
        Assert.Equal(2, resync.Routes.Count);
        Assert.Equal(ControlPlanePhase.Connected, s.Agent.State.Phase);
        Assert.Null(s.Agent.State.LastError);
    }

    [Fact]
    public async Task On_reconnect_the_agent_sends_the_digest_of_its_set_and_keeps_its_peers_when_the_hub_says_it_is_current()
    {
        var ct = TestContext.Current.CancellationToken;
        var beta = NewKey();
        await using var s = await ConnectedAsync(ct, hub => hub.PeerSet = new PeerSetDto(4, [Peer(beta, "beta")], "digest-4"));
        Assert.Null(s.Controller.Hub.All<HubEvent.Hello>()[0].Value.KnownPeerSetDigest);

        s.Controller.Hub.PeerSet = s.Controller.Hub.PeerSet with { Version = 5 };   // same content, a later version
        s.Controller.Hub.AbortAll();
        await s.AdvanceUntilAsync(() => s.Controller.Hub.Count<HubEvent.FullReport>() == 2, TimeSpan.FromMilliseconds(250), ct);

        Assert.Equal("digest-4", s.Controller.Hub.All<HubEvent.Hello>()[1].Value.KnownPeerSetDigest);
        Assert.Equal(beta, Assert.Single(s.Agent.Peers.Peers).PublicKey);
        Assert.Equal(5, s.Agent.Peers.Version);
        // A delta the Connect answer already covers is ignored, not a reason to fetch the whole set.
        await s.Controller.HubContext.Clients.All.PeerSetChanged(new PeerSetDeltaDto(4, 5, [Peer(NewKey(), "late")], [], "digest-5"));
        await s.Controller.HubContext.Clients.All.PeerSetChanged(new PeerSetDeltaDto(5, 6, [], [beta.ToString()], "digest-6"));
        await Poll.UntilAsync(() => s.Agent.Peers.Version == 6, ct);
        Assert.Empty(s.Agent.Peers.Peers);
        Assert.Equal("digest-6", s.Agent.Peers.Digest);
        Assert.Equal(0, s.Controller.Hub.Count<HubEvent.PeerSetFetched>());
    }

    [Fact]
    public async Task A_revoked_node_keeps_its_peers_and_stops_reconnecting()
    {
        var ct = TestContext.Current.CancellationToken;
        var beta = NewKey();
        await using var s = await ConnectedAsync(ct, hub => hub.PeerSet = new PeerSetDto(2, [Peer(beta, "beta")]));

        var id = Assert.Single(s.Controller.Hub.Connections.Keys);
        await s.Controller.HubContext.Clients.Client(id).NodeRevoked("node disabled by an admin");

        // The agent ends the session itself (an abort right after the call could overtake the message).
        await Poll.UntilAsync(() => s.Agent.State.Phase == ControlPlanePhase.Revoked, ct);
        await s.Controller.Hub.WaitForAsync<HubEvent.Disconnected>(ct);
        Assert.Contains(s.Agent.Logs.Entries, e => e.Level == LogLevel.Error && e.EventId == 6103 && e.Message.Contains("node disabled by an admin", StringComparison.Ordinal));
        for (var i = 0; i < 20; i++)
        {
            s.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10, ct);
        }
        await Task.Delay(200, ct);
        Assert.Single(s.Controller.Hub.All<HubEvent.Hello>());
        Assert.Equal(beta, Assert.Single(s.Agent.Peers.Peers).PublicKey);
        Assert.Equal("revoked", s.Agent.State.Report().State);
    }

    [Fact]
    public async Task A_protocol_version_refusal_is_an_error_and_the_agent_backs_off_long()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var controller = await TestController.StartAsync(ct);
        controller.Hub.RefuseConnect = "Protocol version 1 is not supported; this controller speaks 2";
        var time = new FakeTimeProvider();
        await using var agent = await ControlPlaneHarness.StartAsync(dir, ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """), time, new FakeStateSource(), ct);

        await Poll.UntilAsync(() => agent.State.Phase == ControlPlanePhase.Refused, ct);
        Assert.Contains(agent.Logs.Entries, e => e.Level == LogLevel.Error && e.EventId == 6102 && e.Message.Contains("speaks 2", StringComparison.Ordinal));
        Assert.Contains("speaks 2", agent.State.LastError, StringComparison.Ordinal);

        // A normal backoff (at most 75 s) is long past, the long one (at least 7.5 min) is not.
        time.Advance(TimeSpan.FromMinutes(7));
        await Task.Delay(300, ct);
        Assert.Single(controller.Hub.All<HubEvent.Hello>());

        time.Advance(TimeSpan.FromMinutes(6));
        await controller.Hub.WaitForAsync<HubEvent.Hello>(ct, nth: 2);
    }

    [Fact]
    public async Task A_refused_credential_makes_the_agent_enrol_again_and_connect_with_the_fresh_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct);
        Assert.Single(s.Controller.Enrolments);

        s.Controller.Hub.Credentials.Add("credential-2");   // credential-1 no longer accepted
        s.Controller.Hub.AbortAll();
        await s.AdvanceUntilAsync(() => s.Controller.Hub.Count<HubEvent.FullReport>() == 2, TimeSpan.FromMilliseconds(250), ct);

        Assert.Equal(2, s.Controller.Enrolments.Count);
        Assert.Equal("credential-2", s.Controller.Hub.All<HubEvent.Connected>()[^1].AccessToken);
        Assert.Equal("credential-2", s.Agent.State.Enrolment!.Response.HubCredential);
    }
}
