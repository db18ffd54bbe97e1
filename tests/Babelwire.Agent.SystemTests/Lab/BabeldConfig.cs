namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>babeld config files for the lab.</summary>
public static class BabeldConfig
{
    /// <summary>
    /// Redistributes kernel routes inside <paramref name="prefixes"/> and nothing else (not its local addresses).
    /// Routes added by <c>ip route</c> default to proto boot, which babeld never redistributes: add them with
    /// <c>proto static</c>.
    /// </summary>
    public static IEnumerable<string> Redistributing(params string[] prefixes) => Redistributing(null, prefixes);

    /// <summary>As <see cref="Redistributing(string[])"/>, advertising the routes at <paramref name="metric"/> (babeld's default is 0).</summary>
    public static IEnumerable<string> Redistributing(int? metric, params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            yield return metric is null ? $"redistribute ip {prefix} allow" : $"redistribute ip {prefix} metric {metric}";
        }

        yield return "redistribute local deny";
        yield return "redistribute deny";
    }
}
