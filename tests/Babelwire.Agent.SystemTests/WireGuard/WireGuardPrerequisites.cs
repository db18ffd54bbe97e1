using Babelwire.Agent.SystemTests.Infrastructure;

namespace Babelwire.Agent.SystemTests.WireGuard;

/// <summary>What the WireGuard device tests need: the prerequisites of <see cref="Prerequisites.RequireWireGuardGo"/>, unique interface names, the installed version.</summary>
internal static class WireGuardPrerequisites
{
    private static int s_counter;

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
}
