using System.Globalization;

namespace Babelwire.Bench.Controller;

/// <summary>The machine's load average, which shows other work competing for the same cores.</summary>
internal static class LoadAverage
{
    /// <summary>The first field of /proc/loadavg ("0.52 0.58 0.59 2/345 6789").</summary>
    public static double Parse(string loadavg) =>
        double.Parse(loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double OneMinute() => Parse(File.ReadAllText("/proc/loadavg"));
}
