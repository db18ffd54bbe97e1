using System.Runtime.Versioning;
using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared.Mesh;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>The mesh keeps routing without the controller: the peer set in use survives a restart while it is away.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class PeerPersistenceTests
{
    [Fact]
    public async Task An_agent_restarted_while_the_controller_is_down_starts_with_its_last_peer_set_and_connects_when_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var beta = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var hub = new HubBehaviour
        {
            PeerSet = new PeerSetDto(6, [new PeerDto(Guid.NewGuid(), "beta", beta.ToString(), ["192.0.2.8:51820"], [], "fd00:b1::8/128", "198.18.0.8/32")]),
        };
        Uri url;
        string config;
        await using (var controller = await TestController.StartAsync(ct, hub: hub))
        {
            url = controller.Url;
            config = ControlPlaneHarness.Config(url, """, "token": "T1" """);
            await using var first = await ControlPlaneHarness.StartAsync(dir, config, TimeProvider.System, new FakeStateSource(), ct);
            await Poll.UntilAsync(() => first.Peers.Version == 6, ct);
        }
        var saved = Path.Combine(dir.Path, "state", ControlPlaneStore.PeerSetFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(saved));

        // The controller is down: the agent starts all the same (it is enrolled) with the peers it had.
        var time = new FakeTimeProvider();
        await using var second = await ControlPlaneHarness.StartAsync(dir, config, time, new FakeStateSource(), ct);
        var peer = Assert.Single(second.Peers.Peers);
        Assert.Equal((beta, "192.0.2.8:51820"), (peer.PublicKey, peer.Endpoint!.ToString()));
        Assert.Equal(6, second.Peers.Version);
        await Poll.UntilAsync(() => second.State.Phase == ControlPlanePhase.Away, ct);
        Assert.Equal(6, second.State.Report().PeerSetVersion);
        Assert.NotNull(second.State.Report().LastError);
        // The controller away is degraded, not broken: Warnings, no Errors (the SignalR client's own included).
        Assert.Contains(second.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.EventId == 6101);
        Assert.DoesNotContain(second.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);

        // It comes back where it was: the next attempt after the backoff connects (a failed first start is retried too).
        hub.PeerSet = hub.PeerSet with { Version = 7 };
        await using var back = await TestController.StartAsync(ct, port: url.Port, hub: hub);
        for (var i = 0; i < 200 && second.State.Phase != ControlPlanePhase.Connected; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, ct);
        }
        Assert.Equal(ControlPlanePhase.Connected, second.State.Phase);
        Assert.Equal(7, second.Peers.Version);
    }

    [Fact]
    public async Task A_stored_enrolment_for_another_controller_is_replaced_and_its_peer_set_forgotten()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var beta = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        await using (var old = await TestController.StartAsync(ct))
        {
            old.Hub.PeerSet = new PeerSetDto(3, [new PeerDto(Guid.NewGuid(), "beta", beta.ToString(), [], [], "fd00:b1::8/128", "198.18.0.8/32")]);
            await using var first = await ControlPlaneHarness.StartAsync(dir, ControlPlaneHarness.Config(old.Url, """, "token": "T1" """), TimeProvider.System, new FakeStateSource(), ct);
            await Poll.UntilAsync(() => first.Peers.Version == 3, ct);
        }

        await using var other = await TestController.StartAsync(ct);
        await using var second = await ControlPlaneHarness.StartAsync(dir, ControlPlaneHarness.Config(other.Url, """, "token": "T2" """), new FakeTimeProvider(), new FakeStateSource(), ct);

        Assert.Equal("T2", other.Enrolments.First().Token);
        Assert.DoesNotContain(second.Peers.Peers, p => p.PublicKey == beta);
        Assert.NotEqual(3, second.Peers.Version);
        Assert.Equal(other.Url.AbsoluteUri, second.State.Enrolment!.ControllerUrl);
    }
}
