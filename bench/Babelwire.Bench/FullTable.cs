using System.Globalization;
using System.Text;

namespace Babelwire.Bench;

/// <summary>The benchmark's full table: <c>count</c> distinct IPv6 /64s inside 2001:db8::/32.</summary>
internal static class FullTable
{
    public static string Prefix(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"2001:db8:{index >> 16:x}:{index & 0xffff:x}::/64");

    public static IEnumerable<string> Prefixes(int count) => Enumerable.Range(0, count).Select(Prefix);

    /// <summary>An <c>ip -batch</c> script adding every prefix as an unreachable route babeld will redistribute (not proto boot).</summary>
    public static string UnreachableRoutesBatch(int count)
    {
        var batch = new StringBuilder(count * 56);
        foreach (var prefix in Prefixes(count))
        {
            batch.Append("route add unreachable ").Append(prefix).Append(" proto static\n");
        }

        return batch.ToString();
    }
}
