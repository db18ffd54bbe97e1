using Babelwire.Agent.SystemTests.Infrastructure;

namespace Babelwire.Agent.SystemTests.WireGuard;

/// <summary>
/// What the WireGuard device tests need beyond namespaces: wireguard-go and wg. Missing ones skip the test, or fail
/// it under <c>CI=true</c>, as <see cref="Prerequisites"/> does.
/// </summary>
internal static class WireGuardPrerequisites
{
    private static int s_counter;

    public static void RequireWireGuardGoAndWg()
    {
        Prerequisites.RequireNamespaces();
        Require(FindOnPath("wireguard-go") is null ? "wireguard-go is not installed (Debian package wireguard-go)" : null);
        Require(FindOnPath("wg") is null ? "wg is not installed (Debian package wireguard-tools)" : null);
    }

    /// <summary>
    /// An interface name unique on this machine for this run (UAPI sockets are shared by all namespaces), ≤ 15
    /// characters: <c>bwg</c>, the pid, a counter.
    /// </summary>
    public static string UniqueInterfaceName() =>
        $"bwg{Environment.ProcessId % 1_000_000}x{Interlocked.Increment(ref s_counter)}";

    /// <summary>The installed wireguard-go's version, e.g. <c>0.0.20220316</c>.</summary>
    public static async Task<Version> WireGuardGoVersionAsync(CancellationToken cancellationToken)
    {
        var result = await Lab.Command.CheckedAsync("wireguard-go", ["--version"], cancellationToken: cancellationToken);
        var word = result.StandardOutput.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .First(w => w.StartsWith("v0.", StringComparison.Ordinal) || w.StartsWith("0.", StringComparison.Ordinal));
        return Version.Parse(word.TrimStart('v'));
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static void Require(string? problem)
    {
        if (problem is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"system test prerequisite missing under CI=true: {problem}");
        }

        Assert.Skip($"system test prerequisite missing: {problem}");
    }
}
