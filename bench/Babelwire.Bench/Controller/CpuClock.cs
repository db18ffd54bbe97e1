using System.Globalization;
using System.Runtime.InteropServices;

namespace Babelwire.Bench.Controller;

/// <summary>Clock ticks (USER_HZ) to CPU shares.</summary>
internal static class CpuClock
{
    // sysconf(3) name of the clock-tick rate on Linux (glibc's _SC_CLK_TCK).
    private const int ScClockTicks = 2;

    public static readonly long TicksPerSecond = ReadTicksPerSecond();

    /// <summary>How many cores' worth of CPU <paramref name="ticks"/> are over <paramref name="elapsed"/> (1.0 = one core busy).</summary>
    public static double Cores(long ticks, TimeSpan elapsed, long ticksPerSecond) =>
        elapsed <= TimeSpan.Zero ? 0 : ticks / (double)ticksPerSecond / elapsed.TotalSeconds;

    /// <summary>"85% of one core (43% of 2 cores)".</summary>
    public static string Format(double cores, int processorCount) => string.Create(CultureInfo.InvariantCulture,
        $"{cores * 100:F0}% of one core ({cores / processorCount * 100:F0}% of {processorCount} cores)");

    private static long ReadTicksPerSecond()
    {
        var ticks = SysConf(ScClockTicks);
        return ticks > 0 ? ticks : 100;
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
