using System.Globalization;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// <c>ip monitor route</c> inside a namespace: every route notification as a line, with no re-listing of the table.
/// </summary>
public static class RouteMonitor
{
    private const string ProbePrefix = "198.18.255.0/24";

    /// <summary>
    /// Starts the monitor and returns once it is subscribed: until then a change can slip past it, so a probe route
    /// is added (a new metric each attempt, so each is a new notification) until the monitor reports one.
    /// </summary>
    public static async Task<BackgroundProcess> StartAsync(
        NetworkLab lab, NetNamespace ns, Action<string> onLine, CancellationToken cancellationToken)
    {
        var monitor = lab.Start(ns, "ip-monitor-" + ns.Name[(lab.Prefix.Length + 1)..], "ip", ["monitor", "route"], onLine);
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var metric = attempt.ToString(CultureInfo.InvariantCulture);
            await NetworkLab.ExecCheckedAsync(ns, "ip", ["route", "add", "unreachable", ProbePrefix, "proto", "static", "metric", metric], cancellationToken);
            try
            {
                await monitor.WaitForLineAsync(l => l.Contains(ProbePrefix, StringComparison.Ordinal), TimeSpan.FromMilliseconds(500), cancellationToken);
                return monitor;
            }
            catch (TimeoutException)
            {
                // Not subscribed yet; the next attempt adds another probe route.
            }
        }

        throw new TimeoutException($"ip monitor in {ns} reported none of 20 probe routes\n{monitor.Tail()}");
    }
}
