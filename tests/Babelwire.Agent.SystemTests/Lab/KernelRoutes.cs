namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>Reading <c>ip route</c> and <c>ip monitor route</c> lines.</summary>
public static class KernelRoutes
{
    /// <summary>
    /// Whether <paramref name="routes"/> (ip route output) has a usable route to <paramref name="prefix"/>: babeld
    /// installs an infinite-metric route as <c>unreachable PREFIX … metric 4294967295</c> before it is usable.
    /// </summary>
    public static bool Reachable(string routes, string prefix) =>
        routes.Split('\n').Any(line => line.StartsWith(prefix + " ", StringComparison.Ordinal) && line.Contains(" via ", StringComparison.Ordinal));

    /// <summary>The route line for <paramref name="prefix"/>, or null.</summary>
    public static string? Line(string routes, string prefix) =>
        routes.Split('\n').FirstOrDefault(line => line.StartsWith(prefix + " ", StringComparison.Ordinal));
}
