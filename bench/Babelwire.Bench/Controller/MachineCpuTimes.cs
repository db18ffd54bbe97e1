using System.Globalization;

namespace Babelwire.Bench.Controller;

/// <summary>The whole machine's CPU time from the first line of /proc/stat, in clock ticks summed over all CPUs.</summary>
internal readonly record struct MachineCpuTimes(long BusyTicks, long TotalTicks)
{
    /// <summary>Parses "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; idle and iowait are
    /// not busy; guest time is already inside user and nice (proc(5)), so it is not added again.</summary>
    public static bool TryParse(string firstLine, out MachineCpuTimes times)
    {
        times = default;
        var fields = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu")
        {
            return false;
        }
        var values = new long[Math.Min(fields.Length - 1, 8)];
        for (var i = 0; i < values.Length; i++)
        {
            if (!long.TryParse(fields[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }
        var total = values.Sum();
        var idle = values[3] + (values.Length > 4 ? values[4] : 0);
        times = new MachineCpuTimes(total - idle, total);
        return true;
    }

    public static MachineCpuTimes Read() =>
        TryParse(File.ReadLines("/proc/stat").First(), out var times) ? times : throw new InvalidOperationException("/proc/stat: unexpected first line");

    /// <summary>The busy share of all CPUs between two readings (0-1).</summary>
    public static double BusyFraction(MachineCpuTimes before, MachineCpuTimes after)
    {
        var total = after.TotalTicks - before.TotalTicks;
        return total <= 0 ? 0 : (double)(after.BusyTicks - before.BusyTicks) / total;
    }
}
