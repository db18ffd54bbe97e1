using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Outage;

/// <summary>
/// One trial on a fresh triangle: start the routers and a 10 ms echo stream A → C, wait until replies come steadily
/// over the direct path and both ends know the relay route, wait a random part of a Hello interval, cut A–C by
/// dropping packets, wait until replies have been steady for 2 s (outage = longest gap since the cut), heal, and
/// wait until replies have come over the direct path (its TTL) for 3 s (return = from the heal to the start of that
/// stretch). Everything runs in its own lab, torn down at the end whatever happens.
/// </summary>
internal static class OutageTrial
{
    private const double MaxGap = 0.25; // s: more than this between replies breaks a steady stretch (probe every 10-16 ms)
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(50);

    public static async Task<OutageTrialResult> RunAsync(
        Func<NetworkLab, CancellationToken, Task<TriangleUnderTest>> setUp, TimeSpan helloInterval, OutageLimits limits,
        CancellationToken cancellationToken)
    {
        double? outage = null;
        double? returned = null;
        double? returnGap = null;
        await using var lab = await NetworkLab.CreateAsync("bwb", cancellationToken);
        Func<Task>? teardown = null;
        try
        {
            var under = await setUp(lab, cancellationToken);
            teardown = under.Teardown;
            // ping gives up at once if it starts without a route to the target.
            await Poll.UntilAsync(
                "a route from the source to the target",
                async ct => (await NetworkLab.ExecAsync(under.Source, "ip", ["route", "get", under.Target.ToString()], ct)).Succeeded, found => found,
                limits.WarmUp, TimeSpan.FromMilliseconds(200), cancellationToken, lab.Diagnostics);
            var started = PingProbe.Now();
            var probe = PingProbe.Start(lab, under.Source, "ping-" + under.Source.Name[(lab.Prefix.Length + 1)..], under.Target);
            bool Direct(PingReply r) => r.Ttl == under.DirectTtl;

            await Poll.UntilAsync(
                "steady replies over the direct path and the relay route known at both ends",
                async ct =>
                {
                    var replies = probe.Snapshot();
                    var steady = ReplyStream.SteadySince(replies, started, Direct, MaxGap, 3) is not null;
                    var alternates = await under.AlternatesKnown(ct);
                    return (Ready: steady && alternates, PingExited: probe.Process.HasExited, Replies: replies.Length, LastTtl: replies.LastOrDefault().Ttl, Alternates: alternates);
                },
                state => state.Ready, limits.WarmUp, TimeSpan.FromMilliseconds(200), cancellationToken, lab.Diagnostics);
            await Task.Delay(helloInterval * Random.Shared.NextDouble(), cancellationToken);

            await UnderlayCut.CutAsync(under.Source, under.CutInterface, cancellationToken);
            var cutAt = PingProbe.Now();
            var recoveredAt = await Poll.UntilAsync(
                "replies to resume after the cut",
                _ => Task.FromResult(ReplyStream.SteadySince(probe.Snapshot(), cutAt, _ => true, MaxGap, 2)), s => s is not null,
                limits.Recover, Sample, cancellationToken, lab.Diagnostics);
            outage = ReplyStream.LongestGap(probe.Snapshot(), cutAt, recoveredAt!.Value);

            await UnderlayCut.HealAsync(under.Source, cancellationToken);
            var healedAt = PingProbe.Now();
            var directAt = await Poll.UntilAsync(
                "replies over the direct path after the heal",
                _ => Task.FromResult(ReplyStream.SteadySince(probe.Snapshot(), healedAt, Direct, MaxGap, 3)), s => s is not null,
                limits.Return, Sample, cancellationToken, lab.Diagnostics);
            returned = directAt!.Value - healedAt;
            returnGap = ReplyStream.LongestGap(probe.Snapshot(), healedAt, directAt.Value);
            return new OutageTrialResult(outage, returned, returnGap, null);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
        {
            return new OutageTrialResult(outage, returned, returnGap, e.Message.Split('\n')[0]);
        }
        finally
        {
            if (teardown is not null)
            {
                await teardown();
            }
        }
    }
}
