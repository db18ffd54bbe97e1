using Babelwire.Shared.Api;

namespace Babelwire.Web.Services;

/// <summary>
/// How good a link looks on the map, from the costs both ends report. A WireGuard link's Babel cost is the nominal
/// rxcost (96) plus the RFC 9616 RTT penalty (0 under 10 ms, growing to 150 at 120 ms, as babeld's tunnel defaults):
/// up to <see cref="GoodCost"/> (96 plus a penalty for about 35 ms) is good, any other finite cost is medium, and a link
/// that is not up, or whose reported costs are all infinite, is down.
/// </summary>
public static class LinkQuality
{
    public const string Good = "good";
    public const string Medium = "medium";
    public const string Down = "down";

    /// <summary>Babel's infinite metric (RFC 8966 §2.1).</summary>
    public const int Infinity = 0xFFFF;

    public const int GoodCost = 140;

    public static string Of(LinkDto link)
    {
        if (!link.Up)
            return Down;
        var costs = new[] { link.FromA, link.FromB }.Where(s => s is not null && s.Cost < Infinity).Select(s => s!.Cost).ToList();
        if (costs.Count == 0)
            return Down;
        return costs.Max() <= GoodCost ? Good : Medium;
    }

    /// <summary>"96" / "∞" / "—" (not reported) for one side.</summary>
    public static string Cost(LinkSideDto? side) =>
        side is null ? "—" : side.Cost >= Infinity ? "∞" : side.Cost.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Rtt(LinkSideDto? side) =>
        side?.RttMilliseconds is { } rtt ? rtt.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms" : "—";

    /// <summary>The map's edge id of a link: its two node ids, in the link's order.</summary>
    public static string EdgeId(Guid nodeA, Guid nodeB) => $"{nodeA}|{nodeB}";

}
