using System.Globalization;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Bench;
using Babelwire.Bench.ChangeReport;
using Babelwire.Bench.Controller;
using Babelwire.Bench.Dashboard;
using Babelwire.Bench.Memory;
using Babelwire.Bench.Outage;
using Babelwire.Bench.Programming;

// Runs every benchmark and prints one table.
// Usage: Babelwire.Bench [--only wg|controller|report|dashboard] [--no-report] [--no-dashboard] [--no-wg] [--wg-parts outage,programming,memory] [--trials 5] [--sizes 10000,100000]
//        [--no-codec] [--no-babeld] [--no-agent] [--no-controller] [--agents 100,1000,5000] [--window 60] [--samples 150] [--quick] [--netns NAME]
//        [--dash-parts route,map,scale] [--dash-agents 5000] [--dash-pages 20] [--dash-window 30] [--dash-samples 60] [--dash-live-page nodes]
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

ControllerArguments controllerArguments;
DashboardOptions dashboardOptions;
try
{
    controllerArguments = ControllerArguments.Parse(args);
    dashboardOptions = DashboardOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}

if (args.Contains(ControllerNamespaceRun.ChildFlag))
{
    // Inside the controller benchmark's network namespace (see ControllerNamespaceRun); the dashboard rows run there too.
    return args.Contains(DashboardOptions.ChildFlag)
        ? await DashboardBenchmark.RunAsync(dashboardOptions, cancel.Token)
        : await ControllerBenchmark.RunAsync(controllerArguments.Options, cancel.Token);
}

var sizes = new[] { 10_000, 100_000 };
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;
var onlyWg = only == "wg";
var onlyController = only == "controller";
var onlyReport = only == "report";
var onlyDashboard = only == "dashboard";
var withReport = (only is null || onlyReport) && !args.Contains("--no-report");
var withDashboard = (only is null || onlyDashboard) && !args.Contains("--no-dashboard");
var withController = !onlyWg && !onlyReport && !onlyDashboard && !args.Contains("--no-controller");
var withWg = !onlyController && !onlyReport && !onlyDashboard && !args.Contains("--no-wg");
var partsAt = Array.IndexOf(args, "--wg-parts");
var parts = partsAt >= 0 && partsAt + 1 < args.Length ? args[partsAt + 1].Split(',') : ["outage", "programming", "memory"];
var trialsAt = Array.IndexOf(args, "--trials");
var trials = trialsAt >= 0 && trialsAt + 1 < args.Length ? int.Parse(args[trialsAt + 1], CultureInfo.InvariantCulture) : 5;
var withBabeld = !args.Contains("--no-babeld");
var withAgent = !args.Contains("--no-agent");
var sizesAt = Array.IndexOf(args, "--sizes");
if (sizesAt >= 0 && sizesAt + 1 < args.Length)
{
    sizes = [.. args[sizesAt + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}

var rows = new List<BenchRow>();
if (only is null && !args.Contains("--no-codec"))
{
    Console.Error.WriteLine("bench: codec");
    rows.AddRange(CodecBenchmark.Run());
}

var agentDll = AgentBuild.FindAgentDll();
if (withAgent && !onlyController && !onlyReport && !onlyDashboard && agentDll is null)
{
    Console.Error.WriteLine("bench: babelwire-agent.dll not found under Agent/bin/Release; build with -c Release (bench/run.sh does)");
    return 1;
}

foreach (var size in only is not null ? [] : sizes)
{
    var timeout = TimeSpan.FromSeconds(size >= 100_000 ? 90 : 60);
    if (withAgent)
    {
        Console.Error.WriteLine($"bench: agent -> agent, {size} prefixes");
        rows.AddRange(IngestRows.For(await AgentIngest.RunAsync(agentDll!, size, babeldSends: false, timeout, cancel.Token), isBaseline: false));
        if (withBabeld)
        {
            Console.Error.WriteLine($"bench: babeld -> agent, {size} prefixes");
            rows.AddRange(IngestRows.For(await AgentIngest.RunAsync(agentDll!, size, babeldSends: true, timeout, cancel.Token), isBaseline: false));
        }
    }

    if (withBabeld)
    {
        Console.Error.WriteLine($"bench: babeld -> babeld, {size} prefixes");
        rows.AddRange(IngestRows.For(await BabeldIngest.RunAsync(size, timeout, cancel.Token), isBaseline: true));
    }
}

if (withWg)
{
    // Memory is not timing-sensitive: babeld's outage trials (tens of seconds of timers each) run beside it.
    var outage = withAgent && parts.Contains("outage") ? await OutageBenchmark.AgentAsync(agentDll!, trials, cancel.Token) : [];
    var programming = withAgent && parts.Contains("programming") ? await ProgrammingBenchmark.RunAsync([10_000, 100_000], cancel.Token) : [];
    var babeldOutage = withBabeld && parts.Contains("outage") ? OutageBenchmark.BabeldAsync(trials, cancel.Token) : Task.FromResult<IReadOnlyList<BenchRow>>([]);
    var memory = withAgent && parts.Contains("memory") ? await MemoryBenchmark.RunAsync(agentDll!, cancel.Token) : [];
    rows.AddRange([.. outage, .. await babeldOutage, .. programming, .. memory]);
}

if (withReport)
{
    Console.Error.WriteLine("bench: change report (agent control plane -> in-process hub)");
    rows.AddRange(await ChangeReportBenchmark.RunAsync(cancel.Token));
}

if (withController)
{
    var name = controllerArguments.Namespace ?? $"bwbench-{Environment.ProcessId}";
    Console.Error.WriteLine($"bench: controller, agents {string.Join(',', controllerArguments.Options.Agents)} (namespace {name})");
    rows.AddRange(await ControllerNamespaceRun.RunAsync(name, controllerArguments.ForChild(), cancel.Token));
}

if (withDashboard)
{
    var name = controllerArguments.Namespace ?? $"bwbench-{Environment.ProcessId}";
    Console.Error.WriteLine($"bench: dashboard, parts {string.Join(',', dashboardOptions.Parts)}, {dashboardOptions.ScaleAgents} agents and {dashboardOptions.Pages} pages at scale (namespace {name})");
    rows.AddRange(await ControllerNamespaceRun.RunAsync(name, dashboardOptions.ForChild(), cancel.Token));
}

BenchTable.Print(rows, Console.Out);
return 0;
