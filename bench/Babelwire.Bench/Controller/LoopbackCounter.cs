using System.Globalization;

namespace Babelwire.Bench.Controller;

/// <summary>Bytes sent on the loopback interface of the network namespace this process runs in: run under
/// <c>ip netns exec</c>, which mounts that namespace's sysfs, so only the benchmark's own traffic is counted.</summary>
internal static class LoopbackCounter
{
    private const string TxBytesPath = "/sys/class/net/lo/statistics/tx_bytes";

    public static long TxBytes() => long.Parse(File.ReadAllText(TxBytesPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
}
