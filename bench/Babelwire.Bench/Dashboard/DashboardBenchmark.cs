using System.Diagnostics;
using Babelwire.Bench.Controller;

namespace Babelwire.Bench.Dashboard;

/// <summary>
/// The dashboard rows (issue 8), inside the benchmark's network namespace like the controller rows: report → drawn in
/// headless Chromium with 20 agents, the map at 200 nodes and 1,000 links, and N agents with 0, 1 and many dashboards.
/// Each part is a fresh PostgreSQL and controller; each row goes to standard output as a <see cref="RowLine"/> when its
/// part ends, so the table keeps what finished if a later part fails.
/// </summary>
internal static class DashboardBenchmark
{
    private const int RouteAgents = 20;
    private const int MapNodes = 200;
    private const int MapNeighboursEachSide = 5; // 200 × 10 / 2 = 1,000 links
    private const int MapSamples = 40;
    private const int ScaleNeighboursEachSide = 4;
    private const int MinimumWindowSamples = 20;
    private static readonly TimeSpan FirstDrawLimit = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(DashboardOptions options, CancellationToken cancellationToken)
    {
        var dll = ControllerProcess.FindDll();
        if (dll is null)
        {
            Console.Error.WriteLine($"bench: dashboard: {ControllerProcess.DllName} not found under Controller/bin/Release; build with -c Release (bench/run.sh does)");
            return 1;
        }
        var parts = new (string Name, string Benchmark, string Target, Func<List<BenchRow>, Task> Run)[]
        {
            ("route", DashboardRows.RouteBenchmark(RouteAgents), DashboardRows.DelayTarget, async rows => rows.AddRange(await RouteAsync(dll, options, cancellationToken))),
            ("map", DashboardRows.MapBenchmark(MapNodes, MapNodes * MapNeighboursEachSide), DashboardRows.FirstDrawTarget, async rows => rows.AddRange(await MapAsync(dll, cancellationToken))),
            ("scale", DashboardRows.ScaleBenchmark(options.ScaleAgents), DashboardRows.DelayTarget, rows => ScaleAsync(dll, options, rows, cancellationToken)),
        };
        foreach (var (name, benchmark, target, run) in parts.Where(p => options.Parts.Contains(p.Name)))
        {
            // A part adds its rows as they are measured, so a failure late in the part keeps what finished before it.
            var rows = new List<BenchRow>();
            try
            {
                await run(rows);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log($"{name} failed: {e}");
                rows.Add(DashboardRows.Failed(benchmark, $"{e.GetType().Name}: {FirstLine(e.Message)}", target));
            }
            foreach (var row in rows)
            {
                Console.Out.WriteLine(RowLine.Format(row));
            }
            await Console.Out.FlushAsync(cancellationToken);
        }
        return 0;
    }

    /// <summary>Row 1: 20 agents, one signed-in map page with the path view X → Y; X's route flips between two next hops.</summary>
    private static async Task<IReadOnlyList<BenchRow>> RouteAsync(string dll, DashboardOptions options, CancellationToken cancellationToken)
    {
        var benchmark = DashboardRows.RouteBenchmark(RouteAgents);
        await using var mesh = await DashboardMesh.StartAsync(dll, RouteAgents, ScaleNeighboursEachSide, Log, cancellationToken);
        var links = await mesh.WaitForLinksAsync(RouteAgents * ScaleNeighboursEachSide, TimeSpan.FromSeconds(60), cancellationToken);
        await using var browser = await DashboardBrowserHost.LaunchAsync(mesh.Controller.BaseUri);
        await browser.SignInAsync(mesh.Password);
        Log("route: signed in; opening the map page");
        var page = await browser.OpenAsync("/");
        _ = await page.WaitForDrawAsync(0, d => d.Nodes == RouteAgents && d.Edges == links, FirstDrawLimit, cancellationToken)
            ?? throw new InvalidOperationException(DashboardRows.F($"the map did not show {RouteAgents} nodes and {links} links within {FirstDrawLimit.TotalSeconds:F0} s"));

        var (sample, what) = await ProbeAsync(mesh, page, cancellationToken);
        Log($"route: {options.Samples} samples ({what})");
        var (delays, browserSide, missed) = await SampleAsync(sample, options.Samples, TimeSpan.MaxValue, cancellationToken);
        var problems = mesh.Controller.LoggedProblems;
        return
        [
            new BenchRow(benchmark, "report → drawn", DashboardRows.F($"{what}: delta sent → first map draw showing it (appliedAt)"),
                DashboardRows.Delays(LatencySummary.Of(delays), missed, PathProbe.DrawTimeout), DashboardRows.DelayTarget),
            new BenchRow(benchmark, "browser side", "last circuit message received → drawn (Blazor and the map module)", LatencySummary.Of(browserSide).Format(), ""),
            new BenchRow(benchmark, "agent side (context)", "change → delta sent, the agent's coalescing (100 ms window)",
                "see the 'change report' rows (bench --only report); not part of the figure above", ""),
            new BenchRow(benchmark, "controller", "log lines at warning / error", DashboardRows.F($"{problems.Warnings} / {problems.Errors}"), ""),
        ];
    }

    /// <summary>Row 2: 200 agents with 1,000 links: first draw from navigation start, then single-edge updates and the layout's stability.</summary>
    private static async Task<IReadOnlyList<BenchRow>> MapAsync(string dll, CancellationToken cancellationToken)
    {
        var expectedLinks = MapNodes * MapNeighboursEachSide;
        var benchmark = DashboardRows.MapBenchmark(MapNodes, expectedLinks);
        await using var mesh = await DashboardMesh.StartAsync(dll, MapNodes, MapNeighboursEachSide, Log, cancellationToken);
        var links = await mesh.WaitForLinksAsync(expectedLinks, TimeSpan.FromSeconds(120), cancellationToken);
        if (links != expectedLinks)
        {
            throw new InvalidOperationException(DashboardRows.F($"the controller lists {links} links up, not {expectedLinks}"));
        }
        await using var browser = await DashboardBrowserHost.LaunchAsync(mesh.Controller.BaseUri);
        await browser.SignInAsync(mesh.Password);
        Log("map: signed in; opening the map page");
        var page = await browser.OpenAsync("/");
        var full = await page.WaitForDrawAsync(0, d => d.Nodes == MapNodes && d.Edges == expectedLinks, FirstDrawLimit, cancellationToken)
            ?? throw new InvalidOperationException(DashboardRows.F($"the map did not show {MapNodes} nodes and {expectedLinks} edges within {FirstDrawLimit.TotalSeconds:F0} s"));
        var firstDraw = full.AppliedAt - page.NavigationStart;
        var breakdown = await FirstDrawBreakdownAsync(page, full);

        var before = await page.PositionsAsync();
        var drawsBefore = page.Draws.Count;
        Log(DashboardRows.F($"map: drawn in {LatencySummary.Duration(firstDraw)}"));
        var probe = await EdgeProbe.SetUpAsync(page, mesh.Agents[MapNodes / 2]);
        Log($"map: {MapSamples} single-edge updates on {probe.EdgeId}");
        var (delays, browserSide, missed) = await SampleAsync(k => probe.SampleAsync(k, cancellationToken), MapSamples, TimeSpan.MaxValue, cancellationToken);
        await page.ReadAsync();
        var after = await page.PositionsAsync();
        var drawsBetween = page.Draws.Count - drawsBefore;
        var layout = before is null || after is null
            ? "not measured: the cytoscape instance was not found (container._cyreg)"
            : Displacement(before, after, drawsBetween);
        var problems = mesh.Controller.LoggedProblems;
        return
        [
            new BenchRow(benchmark, "first draw", DashboardRows.F($"navigation start → map shows all {MapNodes} nodes and {expectedLinks:N0} edges (appliedAt)"),
                DashboardRows.F($"{LatencySummary.Duration(firstDraw)} ({breakdown})"), DashboardRows.FirstDrawTarget),
            new BenchRow(benchmark, "update", "one edge's cost changed (good ↔ medium): delta sent → drawn",
                DashboardRows.Delays(LatencySummary.Of(delays), missed, EdgeProbe.DrawTimeout), ""),
            new BenchRow(benchmark, "update, browser side", "last circuit message received → drawn (Blazor and the map module applying the diff)",
                LatencySummary.Of(browserSide).Format(), ""),
            new BenchRow(benchmark, "layout", "node positions before the updates vs after (no re-layout)", layout, "no node moves"),
            new BenchRow(benchmark, "controller", "log lines at warning / error", DashboardRows.F($"{problems.Warnings} / {problems.Errors}"), ""),
        ];
    }

    /// <summary>Row 3: N agents; windows with no dashboard, with the measuring map page, and with all pages open.</summary>
    private static async Task ScaleAsync(string dll, DashboardOptions options, List<BenchRow> rows, CancellationToken cancellationToken)
    {
        var n = options.ScaleAgents;
        var benchmark = DashboardRows.ScaleBenchmark(n);
        var targeted = n >= 5_000;
        await using var mesh = await DashboardMesh.StartAsync(dll, n, ScaleNeighboursEachSide, Log, cancellationToken);
        rows.Add(new BenchRow(benchmark, "setup", "enrol, connect and full reports of every agent", DashboardRows.F($"{mesh.SetupTime.TotalSeconds:F0} s"), ""));
        Log("scale: warm-up of one report interval");
        await Task.Delay(mesh.Interval, cancellationToken);

        Log("scale: window without dashboards");
        var idle = await WindowAsync(mesh, 0, "no page open", null, options.Window, cancellationToken);
        rows.AddRange(DashboardRows.Window(benchmark, idle, Environment.ProcessorCount, targeted));

        await using var browser = await DashboardBrowserHost.LaunchAsync(mesh.Controller.BaseUri);
        await browser.SignInAsync(mesh.Password);
        Log($"scale: signed in; opening the map page (waiting for {n} nodes)");
        var page = await browser.OpenAsync("/");
        var full = await page.WaitForDrawAsync(0, d => d.Nodes == n, TimeSpan.FromSeconds(300), cancellationToken);
        Log($"scale: map drawn with {full?.Nodes ?? 0} nodes");
        if (full is null)
        {
            rows.Add(DashboardRows.Failed(benchmark, DashboardRows.F($"the map page did not draw {n:N0} nodes within 300 s"), DashboardRows.DelayTarget));
            return;
        }
        rows.Add(new BenchRow(benchmark, "1 dashboard", DashboardRows.F($"map first draw at {n:N0} nodes / {full.Edges:N0} edges (navigation start → all nodes drawn)"),
            DashboardRows.F($"{LatencySummary.Duration(full.AppliedAt - page.NavigationStart)} ({await FirstDrawBreakdownAsync(page, full)})"), ""));
        var (sample, what) = await ProbeAsync(mesh, page, cancellationToken);
        Log($"scale: window with the measuring page ({what})");
        var one = await WindowAsync(mesh, 1, "the map with the path view", sample, options.Window, cancellationToken);
        rows.AddRange(DashboardRows.Window(benchmark, one, Environment.ProcessorCount, targeted));

        Log($"scale: opening {options.Pages - 1} more pages on /{options.LivePage}");
        var opened = 0;
        await Parallel.ForEachAsync(Enumerable.Range(1, options.Pages - 1), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken },
            async (_, _) =>
            {
                var extra = await browser.OpenAsync(options.LivePage);
                await extra.Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load, new() { Timeout = 180_000 });
                Interlocked.Increment(ref opened);
            });
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        Log($"scale: window with {opened + 1} pages");
        var many = await WindowAsync(mesh, opened + 1, DashboardRows.F($"the measuring map page and {opened} on /{options.LivePage}"), sample, options.Window, cancellationToken);
        rows.AddRange(DashboardRows.Window(benchmark, many, Environment.ProcessorCount, targeted));
        var problems = mesh.Controller.LoggedProblems;
        rows.Add(new BenchRow(benchmark, "controller", "log lines at warning / error", DashboardRows.F($"{problems.Warnings} / {problems.Errors}"), ""));
    }

    /// <summary>The probe for report → drawn: the path view when the page has a path picker, else an edge change on X–A.</summary>
    private static async Task<(Func<int, Task<(double Delay, MapDraw Draw)?>> Sample, string What)> ProbeAsync(
        DashboardMesh mesh, DashboardPage page, CancellationToken cancellationToken)
    {
        try
        {
            var path = await PathProbe.SetUpAsync(mesh.Agents, page, cancellationToken);
            return (k => path.SampleAsync(k, cancellationToken), "route change at X (next hop A ↔ B), path view X → Y");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Log($"path view not usable ({e.Message}); measuring an edge cost change instead");
            var edge = await EdgeProbe.SetUpAsync(page, mesh.Agents[0]);
            return (k => edge.SampleAsync(k, cancellationToken), $"edge cost change X–A (no path view: {FirstLine(e.Message)})");
        }
    }

    /// <summary>Up to <paramref name="count"/> samples one after another (a random 100-400 ms apart), stopping early after <paramref name="limit"/>.</summary>
    private static async Task<(List<double> Delays, List<double> BrowserSide, int Missed)> SampleAsync(
        Func<int, Task<(double Delay, MapDraw Draw)?>> sample, int count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var random = new Random(count);
        List<double> delays = [];
        List<double> browserSide = [];
        var missed = 0;
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < count && clock.Elapsed < limit; k++)
        {
            if (await sample(k) is { } result)
            {
                delays.Add(result.Delay);
                if (result.Draw.Received is { } received)
                {
                    browserSide.Add(result.Draw.AppliedAt - received);
                }
            }
            else
            {
                missed++;
            }
            await Task.Delay(random.Next(100, 400), cancellationToken);
        }
        return (delays, browserSide, missed);
    }

    private static async Task<WindowResult> WindowAsync(DashboardMesh mesh, int pages, string note,
        Func<int, Task<(double Delay, MapDraw Draw)?>>? sample, TimeSpan window, CancellationToken cancellationToken)
    {
        var pid = mesh.Controller.Pid;
        var controllerBefore = ProcessCpuTimes.Read(pid)?.OwnTicks ?? 0;
        var benchBefore = ProcessCpuTimes.Read(Environment.ProcessId)?.OwnTicks ?? 0;
        var chromiumBefore = DashboardBrowserHost.ChromiumTicks();
        var machineBefore = MachineCpuTimes.Read();
        var deltasBefore = mesh.Fleet.Counters.DeltasSent;
        var lostBefore = mesh.Fleet.Counters.Reconnecting;
        var clock = Stopwatch.StartNew();
        var sampling = sample is null
            ? Task.FromResult<(List<double> Delays, List<double> BrowserSide, int Missed)>(([], [], 0))
            : SampleAsync(sample, int.MaxValue, window, cancellationToken);
        await Task.Delay(window, cancellationToken);
        var elapsed = clock.Elapsed;
        var controllerTicks = (ProcessCpuTimes.Read(pid)?.OwnTicks ?? 0) - controllerBefore;
        var benchTicks = (ProcessCpuTimes.Read(Environment.ProcessId)?.OwnTicks ?? 0) - benchBefore;
        var chromiumTicks = Math.Max(0, DashboardBrowserHost.ChromiumTicks() - chromiumBefore);
        var machine = MachineCpuTimes.BusyFraction(machineBefore, MachineCpuTimes.Read());
        var deltas = mesh.Fleet.Counters.DeltasSent - deltasBefore;
        var lost = mesh.Fleet.Counters.Reconnecting - lostBefore;
        var connected = mesh.Fleet.ConnectedCount;
        var memory = ProcessMemory.Status(pid);
        var (delays, _, missed) = await sampling;
        if (sample is not null && delays.Count + missed < MinimumWindowSamples)
        {
            // Too few samples for a p95 in the window (each waits for its draw): more with the same pages open, at most 60 s.
            var (more, _, moreMissed) = await SampleAsync(sample, MinimumWindowSamples - delays.Count - missed, TimeSpan.FromSeconds(60), cancellationToken);
            delays.AddRange(more);
            missed += moreMissed;
        }
        return new WindowResult(
            pages, note, elapsed,
            CpuClock.Cores(controllerTicks, elapsed, CpuClock.TicksPerSecond),
            memory.GetValueOrDefault("VmRSS"), memory.GetValueOrDefault("VmHWM"),
            CpuClock.Cores(chromiumTicks, elapsed, CpuClock.TicksPerSecond),
            CpuClock.Cores(benchTicks, elapsed, CpuClock.TicksPerSecond),
            machine, deltas / elapsed.TotalSeconds,
            LatencySummary.Of(delays), missed, mesh.Agents.Count, connected, lost);
    }

    /// <summary>"circuit up at 1.2 s, first diff received at 3.4 s and drawn 4.5 s later" (times from navigation start).</summary>
    private static async Task<string> FirstDrawBreakdownAsync(DashboardPage page, MapDraw full)
    {
        var circuit = await page.FirstMessageAsync() is { } first ? "circuit's first message at " + LatencySummary.Duration(first - page.NavigationStart) : "circuit start not seen";
        var diff = full.Received is { } received
            ? DashboardRows.F($"the diff received at {LatencySummary.Duration(received - page.NavigationStart)}, drawn {LatencySummary.Duration(full.AppliedAt - received)} later (layout included)")
            : "diff arrival not seen";
        return $"{circuit}; {diff}";
    }

    private static string Displacement(IReadOnlyList<NodePosition> before, IReadOnlyList<NodePosition> after, int draws)
    {
        var (max, compared) = DrawTimeline.Displacement(before, after);
        return DashboardRows.F($"largest move {max:F2} px over {compared} nodes, across {draws} draws (the updates and the other agents' reports)");
    }

    private static void Log(string message) => Console.Error.WriteLine($"bench: dashboard: {message}");

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
