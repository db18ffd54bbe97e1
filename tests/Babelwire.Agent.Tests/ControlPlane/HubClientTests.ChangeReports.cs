using Babelwire.Agent.Configuration;
using Babelwire.Agent.Status;
using Babelwire.Shared.State;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>Deltas driven by the engine's change signal, one coalescing window after it, rather than by the report interval.</summary>
public sealed partial class HubClientTests
{
    private static readonly TimeSpan Window = ControllerOptions.DefaultChangeCoalescingWindow;

    [Fact]
    public async Task A_route_change_is_sent_one_coalescing_window_after_the_signal_without_waiting_for_the_report_interval()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct);
        var start = s.Time.GetUtcNow();

        s.State.State = StateWith(Route("198.18.0.7/32", 96), Route("198.18.0.8/32", 96));
        s.Agent.Service<StateChanges>().Notify();
        await s.AdvanceUntilAsync(() => s.Controller.Hub.Count<HubEvent.Delta>() == 1, Window / 2, ct, attempts: 40);

        Assert.True(s.Time.GetUtcNow() - start < Interval, "the delta waited for the report interval");
        var delta = s.Controller.Hub.All<HubEvent.Delta>()[0].Value;
        Assert.Equal(2, delta.Sequence);
        Assert.Equal(["198.18.0.8/32"], delta.RoutesUpserted.Select(r => r.Prefix));
        Assert.Empty(delta.NeighboursUpserted);
        Assert.Empty(delta.PeersUpserted);
    }

    [Fact]
    public async Task A_burst_of_changes_within_the_window_is_one_delta()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct);
        var changes = s.Agent.Service<StateChanges>();

        const int Burst = 20;
        var routes = new List<RouteStateDto> { Route("198.18.0.7/32", 96) };
        for (var i = 0; i < Burst; i++)
        {
            routes.Add(Route($"198.18.1.{i}/32", 96 + i));
            s.State.State = StateWith([.. routes]);
            changes.Notify();
            s.Time.Advance(Window / (2 * Burst));   // the whole burst within half a window
        }
        await s.AdvanceUntilAsync(() => s.Controller.Hub.Count<HubEvent.Delta>() == 1, Window / 2, ct, attempts: 40);
        // Nothing more changes: nothing more is sent, however long the window is waited out again.
        s.Time.Advance(3 * Window);
        await Task.Delay(200, ct);

        var delta = Assert.Single(s.Controller.Hub.All<HubEvent.Delta>()).Value;
        Assert.Equal(Burst, delta.RoutesUpserted.Count);
    }

    [Fact]
    public async Task A_flapping_neighbour_makes_at_most_one_delta_per_window()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct);
        var changes = s.Agent.Service<StateChanges>();
        var baseState = s.State.State;

        // 40 flaps, one every quarter window: 10 windows of fake time (well inside the 5 s report interval).
        const int Flaps = 40;
        for (var i = 0; i < Flaps; i++)
        {
            s.State.State = baseState with { Neighbours = [baseState.Neighbours[0] with { Cost = i % 2 == 0 ? 65535 : 96 }] };
            changes.Notify();
            s.Time.Advance(Window / 4);
            await Task.Delay(5, ct);
        }
        s.Time.Advance(Window);
        await Poll.UntilAsync(() => s.Controller.Hub.Count<HubEvent.Delta>() > 0, ct);
        await Task.Delay(200, ct);

        var deltas = s.Controller.Hub.Count<HubEvent.Delta>();
        Assert.InRange(deltas, 1, (Flaps / 4) + 1);
    }

    [Fact]
    public async Task A_counter_or_rtt_only_change_waits_for_the_periodic_tick()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ConnectedAsync(ct);
        var before = s.State.State;
        var snapshots = s.State.Snapshots;

        s.State.State = before with
        {
            Neighbours = [before.Neighbours[0] with { RttMilliseconds = 9.5 }],
            Peers = [before.Peers[0] with { ReceivedBytes = 1_000, LastHandshake = s.Time.GetUtcNow() }],
        };
        s.Agent.Service<StateChanges>().Notify();
        await s.AdvanceUntilAsync(() => s.State.Snapshots > snapshots, Window / 2, ct, attempts: 40);
        s.Time.Advance(Window);
        await Task.Delay(200, ct);
        Assert.Equal(0, s.Controller.Hub.Count<HubEvent.Delta>());
        Assert.True(s.Time.GetUtcNow() - new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero) < Interval);

        s.Time.Advance(Interval);
        var delta = (await s.Controller.Hub.WaitForAsync<HubEvent.Delta>(ct)).Value;
        Assert.Equal(2, delta.Sequence);
        Assert.Equal([9.5], delta.NeighboursUpserted.Select(n => n.RttMilliseconds));
        Assert.Equal([1_000L], delta.PeersUpserted.Select(p => p.ReceivedBytes));
        Assert.Empty(delta.RoutesUpserted);
    }
}
