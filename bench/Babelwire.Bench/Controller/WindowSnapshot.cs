using System.Diagnostics;

namespace Babelwire.Bench.Controller;

/// <summary>Counters read together at one end of the steady-state window; <see cref="Clock"/> starts when it is taken.</summary>
internal sealed record WindowSnapshot(Stopwatch Clock, long ControllerTicks, long PostgresTicks, long BenchTicks, MachineCpuTimes Machine, long DeltasSent, long LoopbackBytes)
{
    public static WindowSnapshot Take(int controllerPid, int postmasterPid, FleetCounters counters) => new(
        Stopwatch.StartNew(),
        ProcessCpuTimes.Read(controllerPid)?.OwnTicks ?? 0,
        ProcessGroupCpu.Ticks(postmasterPid),
        ProcessCpuTimes.Read(Environment.ProcessId)?.OwnTicks ?? 0,
        MachineCpuTimes.Read(),
        counters.DeltasSent,
        LoopbackCounter.TxBytes());
}
