namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>A namespace's kernel routes through one device, IPv4 and IPv6, as <c>ip route show dev DEV</c> lines.</summary>
public static class KernelRouteTable
{
    /// <summary>Both families' routes through <paramref name="device"/> in the main table, one line each.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(NetNamespace ns, string device, CancellationToken cancellationToken)
    {
        var v4 = await NetworkLab.ExecCheckedAsync(ns, "ip", ["-4", "route", "show", "dev", device], cancellationToken);
        var v6 = await NetworkLab.ExecCheckedAsync(ns, "ip", ["-6", "route", "show", "dev", device], cancellationToken);
        return [.. (v4.StandardOutput + v6.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>
    /// The destinations of <paramref name="lines"/> as prefixes: <c>ip route</c> prints a host route without its
    /// length, so <c>198.18.0.5</c> comes back as <c>198.18.0.5/32</c> and <c>2001:db8::1</c> as <c>2001:db8::1/128</c>.
    /// </summary>
    public static IReadOnlySet<string> Destinations(IEnumerable<string> lines) =>
        lines.Select(line => line.Split(' ', 2)[0])
            .Select(d => d.Contains('/', StringComparison.Ordinal) ? d : d + (d.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"))
            .ToHashSet(StringComparer.Ordinal);
}
