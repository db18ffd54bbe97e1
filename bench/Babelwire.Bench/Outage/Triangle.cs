using System.Net;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Outage;

/// <summary>
/// Three lab namespaces, each pair joined by its own veth: interface <c>xy</c> in X faces Y. Each link has an IPv4
/// underlay subnet of its own (A–B 192.0.2.0/24, B–C 198.51.100.0/24, A–C 203.0.113.0/24; host .1, .2, .3 for A, B,
/// C), and every namespace forwards IPv4 and IPv6 without sending redirects (a relay forwards back out of the
/// interface it received on when that is one WireGuard interface).
/// </summary>
internal sealed record Triangle(NetNamespace A, NetNamespace B, NetNamespace C)
{
    /// <summary>A's interface towards C: the link the outage benchmark cuts.</summary>
    public const string AToC = "ac";

    public IReadOnlyList<NetNamespace> Hosts => [A, B, C];

    public static async Task<Triangle> CreateAsync(NetworkLab lab, CancellationToken cancellationToken)
    {
        var triangle = new Triangle(
            await lab.AddNamespaceAsync("a", cancellationToken),
            await lab.AddNamespaceAsync("b", cancellationToken),
            await lab.AddNamespaceAsync("c", cancellationToken));
        foreach (var host in triangle.Hosts)
        {
            await NetworkLab.ExecCheckedAsync(host, "sysctl", [
                "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
                "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.default.send_redirects=0",
            ], cancellationToken);
        }

        foreach (var (x, y) in new[] { ('a', 'b'), ('b', 'c'), ('a', 'c') })
        {
            var (nsX, nsY) = (triangle.Host(x), triangle.Host(y));
            await lab.AddVethAsync(nsX, $"{x}{y}", nsY, $"{y}{x}", cancellationToken);
            await NetworkLab.ExecCheckedAsync(nsX, "ip", ["addr", "add", $"{UnderlayAddress(x, y)}/24", "dev", $"{x}{y}"], cancellationToken);
            await NetworkLab.ExecCheckedAsync(nsY, "ip", ["addr", "add", $"{UnderlayAddress(y, x)}/24", "dev", $"{y}{x}"], cancellationToken);
        }

        return triangle;
    }

    /// <summary>The underlay address of host <paramref name="host"/> on its link to <paramref name="towards"/>.</summary>
    public static IPAddress UnderlayAddress(char host, char towards)
    {
        var subnet = (Math.Min(host, towards), Math.Max(host, towards)) switch
        {
            ('a', 'b') => "192.0.2",
            ('b', 'c') => "198.51.100",
            ('a', 'c') => "203.0.113",
            _ => throw new ArgumentException($"no link {host}-{towards}"),
        };
        return IPAddress.Parse($"{subnet}.{host - 'a' + 1}");
    }

    public NetNamespace Host(char name) => name switch
    {
        'a' => A,
        'b' => B,
        'c' => C,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "hosts are a, b and c"),
    };
}
