using System.Net;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Outage;

/// <summary>
/// The baseline: babeld 1.12.1 on the triangle over plain veth (babeld cannot run a multi-peer WireGuard interface),
/// on both of its interfaces, with <c>-h</c> and <c>-H</c> at the given Hello interval and its other defaults
/// (metric smoothing <c>-M</c> 4 s). Each host announces its loopback address 2001:db8:ff::N/128.
/// </summary>
internal static class BabeldTriangle
{
    private const string Prefix = "2001:db8:ff::/64";

    public static Func<NetworkLab, CancellationToken, Task<TriangleUnderTest>> SetUp(int helloSeconds) =>
        async (lab, cancellationToken) =>
        {
            var triangle = await Triangle.CreateAsync(lab, cancellationToken);
            var daemons = new Dictionary<char, Babeld>();
            foreach (var (host, interfaces) in new[] { ('a', "ab ac"), ('b', "ba bc"), ('c', "ca cb") })
            {
                var ns = triangle.Host(host);
                await NetworkLab.ExecCheckedAsync(ns, "ip", ["addr", "add", $"{Address(host)}/128", "dev", "lo"], cancellationToken);
                var names = interfaces.Split(' ');
                daemons[host] = await Babeld.StartAsync(
                    lab, ns, names[1],
                    [$"redistribute local ip {Prefix} allow", "redistribute local deny", "redistribute deny"],
                    cancellationToken, extraArguments: [names[0]], helloSeconds: helloSeconds);
            }

            return new TriangleUnderTest(
                triangle.A, Triangle.AToC, Address('c'), DirectTtl: 64,
                async ct => await RoutesTo(daemons['a'], 'c', ct) >= 2 && await RoutesTo(daemons['c'], 'a', ct) >= 2);
        };

    private static IPAddress Address(char host) => IPAddress.Parse($"2001:db8:ff::{host - 'a' + 1}");

    private static async Task<int> RoutesTo(Babeld daemon, char host, CancellationToken cancellationToken)
    {
        var dump = await daemon.DumpAsync(cancellationToken);
        return dump.Routes.Count(r => r["prefix"] == $"{Address(host)}/128");
    }
}
