using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Outage;

/// <summary>
/// A steady echo stream from one lab namespace: <c>ping -D -n -i 0.01</c> (root may go below 200 ms), every reply
/// kept with its receive time and TTL. ping flushes each line, and <c>-D</c> stamps each with the wall clock, so the
/// record does not depend on when this process reads it.
/// </summary>
internal sealed partial class PingProbe
{
    private readonly List<PingReply> _replies = [];

    private PingProbe()
    {
    }

    public BackgroundProcess Process { get; private set; } = null!;

    /// <summary>Starts the stream; the process belongs to <paramref name="lab"/> and dies with it.</summary>
    public static PingProbe Start(NetworkLab lab, NetNamespace ns, string name, IPAddress target)
    {
        var probe = new PingProbe();
        probe.Process = lab.Start(ns, name, "ping", ["-D", "-n", "-i", "0.01", target.ToString()], probe.OnLine);
        return probe;
    }

    /// <summary>The wall clock on ping's scale (Unix seconds).</summary>
    public static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

    /// <summary>Every reply so far, in arrival order.</summary>
    public PingReply[] Snapshot()
    {
        lock (_replies)
        {
            return [.. _replies];
        }
    }

    private void OnLine(string line)
    {
        var match = ReplyLine().Match(line);
        if (!match.Success)
        {
            return;
        }

        var reply = new PingReply(
            double.Parse(match.Groups["time"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["seq"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["ttl"].Value, CultureInfo.InvariantCulture));
        lock (_replies)
        {
            _replies.Add(reply);
        }
    }

    // [1795615659.902848] 64 bytes from 2001:db8:ff::3: icmp_seq=1 ttl=64 time=0.061 ms
    [GeneratedRegex(@"^\[(?<time>\d+\.\d+)\] .* icmp_seq=(?<seq>\d+) ttl=(?<ttl>\d+)")]
    private static partial Regex ReplyLine();
}
