using System.Diagnostics;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench;

/// <summary>
/// A full table of N prefixes sent to our agent over a veth, by our agent (N announced prefixes) or by babeld (N
/// redistributed unreachable kernel routes, sent as babeld's unpaced burst). The sender is started first and is ready
/// when its status shows N announced (babeld: when its local socket answers); the clock then runs from starting the
/// receiver until the receiver's status summary shows N selected routes. The summary is sampled every 100 ms (and for 3 s after completion) to
/// see whether the neighbour or any selected route was ever lost.
/// </summary>
internal static class AgentIngest
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Afterwards = TimeSpan.FromSeconds(3);

    public static async Task<IngestResult> RunAsync(
        string agentDll, int count, bool babeldSends, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var subject = babeldSends ? "babeld 1.12.1 -> babelwire-agent" : "babelwire-agent -> babelwire-agent";
        await using var lab = await NetworkLab.CreateAsync("bwb", cancellationToken);
        try
        {
            var senderNs = await lab.AddNamespaceAsync("s", cancellationToken);
            var receiverNs = await lab.AddNamespaceAsync("r", cancellationToken);
            await lab.AddVethAsync(senderNs, "vs", receiverNs, "vr", cancellationToken);
            var hello = TimeSpan.FromSeconds(1);

            if (babeldSends)
            {
                await Command.CheckedAsync(
                    "ip", ["-n", senderNs.Name, "-batch", "-"], TimeSpan.FromSeconds(120), FullTable.UnreachableRoutesBatch(count), cancellationToken);
                await Babeld.StartAsync(lab, senderNs, "vs", BabeldConfig.Redistributing("2001:db8::/32"), cancellationToken);
            }
            else
            {
                var sender = await AgentProcess.StartAsync(
                    lab, senderNs, agentDll, "vs", FullTable.Prefixes(count).Select(p => new AgentProcess.Announcement(p)), cancellationToken,
                    hello, startTimeout: TimeSpan.FromSeconds(120));
                await Poll.UntilAsync(
                    "the sender to announce the full table", async ct => (await sender.SummaryAsync(ct))?.Summary.Announced ?? 0, n => n >= count,
                    TimeSpan.FromSeconds(60), Sample, cancellationToken, lab.Diagnostics);
            }

            var clock = Stopwatch.StartNew();
            var receiver = await AgentProcess.StartAsync(lab, receiverNs, agentDll, "vr", [], cancellationToken, hello);
            var watch = new AdjacencyWatch();
            TimeSpan? completedAt = null;
            while (clock.Elapsed < timeout && (completedAt is null || clock.Elapsed < completedAt + Afterwards))
            {
                var summary = (await receiver.SummaryAsync(cancellationToken))?.Summary;
                if (summary is null || receiver.Process.HasExited)
                {
                    return new IngestResult(subject, count, false, clock.Elapsed, watch.MaxSelected, ProcessMemory.PeakResidentBytes(receiver.Process.Id),
                        "n/a", $"the receiver stopped answering\n{receiver.Process.Tail(20)}");
                }

                watch.Observe(summary.Neighbours, summary.SelectedRoutes);
                if (completedAt is null && summary.SelectedRoutes >= count)
                {
                    completedAt = clock.Elapsed;
                }

                await Task.Delay(Sample, cancellationToken);
            }

            var peak = ProcessMemory.PeakResidentBytes(receiver.Process.Id);
            return new IngestResult(
                subject, count, completedAt is not null, completedAt ?? clock.Elapsed, watch.MaxSelected, peak, watch.Describe());
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
        {
            return new IngestResult(subject, count, false, TimeSpan.Zero, 0, null, "n/a", $"failed: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>Neighbour count and selected-route count over the run: a drop in either is a lost adjacency or lost routes.</summary>
    private sealed class AdjacencyWatch
    {
        private bool _seenNeighbour;
        private int _neighbourLosses;
        private int _routeDrops;

        public int MaxSelected { get; private set; }

        public void Observe(int neighbours, int selected)
        {
            if (neighbours > 0)
            {
                _seenNeighbour = true;
            }
            else if (_seenNeighbour)
            {
                _neighbourLosses++;
            }

            if (selected < MaxSelected)
            {
                _routeDrops++;
            }

            MaxSelected = Math.Max(MaxSelected, selected);
        }

        public string Describe() => _neighbourLosses == 0 && _routeDrops == 0
            ? "kept (neighbour present, selected count never fell)"
            : $"DROPPED ({_neighbourLosses} samples without the neighbour, {_routeDrops} samples with fewer selected routes)";
    }
}
