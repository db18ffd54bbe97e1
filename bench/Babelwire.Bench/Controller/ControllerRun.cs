using System.Diagnostics;
using System.Security.Cryptography;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared;
using Babelwire.Shared.Enrolment;
using Babelwire.Testing;
using Npgsql;

namespace Babelwire.Bench.Controller;

/// <summary>
/// One run with N agents: a fresh durable PostgreSQL and controller, N enrolments through the REST API with one
/// multi-use token, N hub connections each reporting its whole state, a warm-up of one report interval, the
/// steady-state window, then the join of one more node with the deltas paused.
/// </summary>
internal static class ControllerRun
{
    internal const string AdminKey = "bench-admin-key-0123456789abcdef0123456789abcdef";

    public static async Task<ControllerRunResult> RunAsync(string controllerDll, int agents, ControllerBenchOptions options, CancellationToken cancellationToken)
    {
        var workDirectory = Directory.CreateTempSubdirectory("babelwire-ctlbench-").FullName;
        Log($"{agents} agents: PostgreSQL and controller (log {workDirectory}/controller.log)");
        await using var postgres = await PostgresServer.StartAsync(durable: true, cancellationToken);
        var connectionString = await postgres.CreateDatabaseAsync("bench", cancellationToken);
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var controller = await ControllerProcess.StartAsync(
            controllerDll, connectionString, AdminKey, Path.Combine(workDirectory, "controller.log"), cancellationToken);
        using var api = new ControlPlaneClient(controller.BaseUri, AdminKey);
        var postmaster = await PostgresCounters.PostmasterPidAsync(database, cancellationToken);

        var token = await api.CreateTokenAsync("bench", cancellationToken);
        var nodes = Enumerable.Range(0, agents + 1).Select(NewNode).ToArray();
        var joiner = nodes[^1];
        var ring = nodes[..^1];

        Log($"{agents} agents: enrolling (concurrency {options.EnrolmentConcurrency})");
        var enrolCpu = ControllerTicks(controller);
        var enrolClock = Stopwatch.StartNew();
        var interval = await EnrolAllAsync(api, token, ring, options.EnrolmentConcurrency, Log, cancellationToken);
        var enrolmentTime = enrolClock.Elapsed;
        var enrolmentCpuSeconds = (double)(ControllerTicks(controller) - enrolCpu) / CpuClock.TicksPerSecond;

        var counters = new FleetCounters();
        var now = TimeProvider.System.GetUtcNow();
        var simulated = ring.Select(n => new SimulatedAgent(n, new AgentStateModel(ring, n.Index, now, options.Ipv6RoutesOnly), counters, TimeProvider.System)).ToList();
        await using var fleet = new AgentFleet(simulated, counters);
        Log($"{agents} agents: connecting (concurrency {options.ConnectConcurrency})");
        var connectCpu = ControllerTicks(controller);
        var connectBytes = LoopbackCounter.TxBytes();
        var connectTime = await fleet.ConnectAllAsync(new Uri(controller.BaseUri, ControlPlaneRoutes.AgentHub.TrimStart('/')),
            options.ConnectConcurrency, done => { if (done % 1000 == 0) Log($"  {done} connected"); }, cancellationToken);
        connectBytes = LoopbackCounter.TxBytes() - connectBytes;
        var connectCpuSeconds = (double)(ControllerTicks(controller) - connectCpu) / CpuClock.TicksPerSecond;
        Log($"{agents} agents: connected in {connectTime.TotalSeconds:F1} s");

        Log($"{agents} agents: deltas every {interval.TotalSeconds:F0} s; warm-up of one interval");
        fleet.StartLoops(interval);
        await Task.Delay(interval, cancellationToken);

        Log($"{agents} agents: steady-state window of {options.Window.TotalSeconds:F0} s");
        var probe = new DelayProbe(fleet, api);
        var before = WindowSnapshot.Take(controller.Pid, postmaster, counters);
        var pgBefore = await PostgresCounters.ReadAsync(database, cancellationToken);
        counters.Recording = true;
        await probe.ScheduleAsync(options.Samples, options.Window, cancellationToken);
        var remaining = options.Window - before.Clock.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken);
        }
        var pgAfter = await PostgresCounters.ReadAsync(database, cancellationToken);
        var after = WindowSnapshot.Take(controller.Pid, postmaster, counters);
        counters.Recording = false;
        var elapsed = before.Clock.Elapsed;
        var controllerMemory = ProcessMemory.Status(controller.Pid);
        var benchMemory = ProcessMemory.Status(Environment.ProcessId);
        var connectedAtEnd = fleet.ConnectedCount;
        var loadAverage = LoadAverage.OneMinute();
        var pollsInWindow = probe.Polls;

        Log($"{agents} agents: waiting for the last delay samples ({probe.Delays.Count}/{probe.Scheduled} seen)");
        await probe.DrainAsync(interval + DelayProbe.VisibilityLimit, cancellationToken);

        Log($"{agents} agents: join of one more node");
        await fleet.PauseAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var join = await JoinProbe.RunAsync(fleet, api, Request(token, joiner), controller.Pid, cancellationToken);

        var problems = controller.LoggedProblems;
        return new ControllerRunResult
        {
            Agents = agents,
            StateReportInterval = interval,
            Window = elapsed,
            ProcessorCount = Environment.ProcessorCount,
            EnrolmentTime = enrolmentTime,
            EnrolmentConcurrency = options.EnrolmentConcurrency,
            ConnectTime = connectTime,
            ConnectConcurrency = options.ConnectConcurrency,
            EnrolmentControllerCpuSeconds = enrolmentCpuSeconds,
            ConnectControllerCpuSeconds = connectCpuSeconds,
            ConnectBytes = connectBytes,
            ConnectedAtWindowEnd = connectedAtEnd,
            LoopbackBytesPerSecond = (after.LoopbackBytes - before.LoopbackBytes) / elapsed.TotalSeconds,
            LoadAverage = loadAverage,
            ControllerCores = CpuClock.Cores(after.ControllerTicks - before.ControllerTicks, elapsed, CpuClock.TicksPerSecond),
            PostgresCores = CpuClock.Cores(after.PostgresTicks - before.PostgresTicks, elapsed, CpuClock.TicksPerSecond),
            BenchCores = CpuClock.Cores(after.BenchTicks - before.BenchTicks, elapsed, CpuClock.TicksPerSecond),
            MachineBusy = MachineCpuTimes.BusyFraction(before.Machine, after.Machine),
            ControllerRssBytes = controllerMemory.GetValueOrDefault("VmRSS"),
            ControllerPeakRssBytes = controllerMemory.GetValueOrDefault("VmHWM"),
            BenchRssBytes = benchMemory.GetValueOrDefault("VmRSS"),
            CommitsPerSecond = (pgAfter.Commits - pgBefore.Commits) / elapsed.TotalSeconds,
            TuplesWrittenPerSecond = (pgAfter.TuplesWritten - pgBefore.TuplesWritten) / elapsed.TotalSeconds,
            WalBytesPerSecond = (pgAfter.WalBytes - pgBefore.WalBytes) / elapsed.TotalSeconds,
            DeltasPerSecond = (after.DeltasSent - before.DeltasSent) / elapsed.TotalSeconds,
            DeltaAck = LatencySummary.Of(counters.AckMilliseconds),
            ReportToApi = LatencySummary.Of(probe.Delays),
            DelaySamplesScheduled = probe.Scheduled,
            DelaySamplesMissed = probe.Scheduled - probe.Delays.Count,
            PollsPerSecond = pollsInWindow / elapsed.TotalSeconds,
            PollErrors = probe.PollErrors,
            DeltaErrors = counters.DeltaErrors,
            ResyncsRequested = counters.ResyncsRequested,
            ConnectionsLost = counters.Reconnecting,
            PeerSetGaps = counters.PeerSetGaps,
            Join = join,
            ControllerWarnings = problems.Warnings,
            ControllerErrors = problems.Errors,
        };
    }

    /// <summary>Enrols every node through the REST API with one token, <paramref name="concurrency"/> at a time, and
    /// fills in what the controller gave each; returns the state report interval of the mesh settings.</summary>
    public static async Task<TimeSpan> EnrolAllAsync(
        ControlPlaneClient api, string token, IReadOnlyList<BenchNode> nodes, int concurrency, Action<string> log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan interval = default;
        var enrolled = 0;
        await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (node, ct) =>
            {
                var response = await api.EnrolAsync(Request(token, node), ct);
                node.NodeId = response.NodeId;
                node.Credential = response.HubCredential;
                node.OverlayIPv6 = response.OverlayIPv6;
                node.OverlayIPv4 = response.OverlayIPv4;
                interval = response.Settings.StateReportInterval;
                if (Interlocked.Increment(ref enrolled) % 500 == 0)
                {
                    log($"  {enrolled} enrolled ({clock.Elapsed.TotalSeconds:F0} s)");
                }
            });
        return interval;
    }

    private static long ControllerTicks(ControllerProcess controller) => ProcessCpuTimes.Read(controller.Pid)?.OwnTicks ?? 0;

    public static void Log(string message) => Console.Error.WriteLine($"bench: controller: {message}");

    internal static BenchNode NewNode(int index)
    {
        // Any 32 octets are an X25519 public key; the agents never do a handshake.
        var key = new WireGuardKey(RandomNumberGenerator.GetBytes(WireGuardKey.Size));
        return new BenchNode(index, key.ToBase64(), LinkLocalAddress.FromPublicKey(key).ToString(), $"[2001:db8::{index + 1:x}]:51820");
    }

    // Fixed-width names: none is a prefix of another, so the controller's name-collision check sees what distinct
    // real host names would give it.
    private static EnrolmentRequest Request(string token, BenchNode node) =>
        new(token, node.PublicKey, $"bench-{node.Index:D5}", [node.Endpoint], node.LinkLocal, SimulatedAgent.AgentVersion, ProtocolVersion.Current);
}
