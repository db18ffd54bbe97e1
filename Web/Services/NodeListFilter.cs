using Babelwire.Shared.Api;

namespace Babelwire.Web.Services;

/// <summary>The nodes page's search, filters and sort, applied to a view's nodes.</summary>
/// <param name="Search">Part of a name or an address (overlay or endpoint), any case.</param>
/// <param name="Tag">Only nodes with this tag; null or empty: any.</param>
/// <param name="State">One of <see cref="NodeStates"/>; null or empty: any.</param>
/// <param name="SortBy">One of <see cref="Columns"/>.</param>
public sealed record NodeListFilter(string? Search = null, string? Tag = null, string? State = null, string SortBy = "name", bool Descending = false)
{
    public static IReadOnlyList<string> Columns { get; } = ["name", "state", "ipv6", "ipv4", "version", "last-seen"];

    public IReadOnlyList<NodeDto> Apply(IEnumerable<NodeDto> nodes)
    {
        var search = Search?.Trim();
        var matching = nodes.Where(n =>
            (string.IsNullOrEmpty(search)
                || n.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
                || n.OverlayIPv6.Contains(search, StringComparison.OrdinalIgnoreCase)
                || n.OverlayIPv4.Contains(search, StringComparison.OrdinalIgnoreCase)
                || n.Endpoints.Any(e => e.Contains(search, StringComparison.OrdinalIgnoreCase)))
            && (string.IsNullOrEmpty(Tag) || n.Tags.Contains(Tag, StringComparer.OrdinalIgnoreCase))
            && (string.IsNullOrEmpty(State) || NodeStates.Of(n) == State));
        Func<NodeDto, IComparable?> key = SortBy switch
        {
            "state" => n => NodeStates.Of(n),
            "ipv6" => n => n.OverlayIPv6,
            "ipv4" => n => System.Net.IPAddress.TryParse(n.OverlayIPv4, out var a) ? new Version(string.Join('.', a.GetAddressBytes())) : null,
            "version" => n => n.AgentVersion,
            "last-seen" => n => n.LastSeenAt,
            _ => n => n.Name,
        };
        var sorted = Descending
            ? matching.OrderByDescending(key, Comparer<IComparable?>.Default).ThenBy(n => n.Name, StringComparer.Ordinal)
            : matching.OrderBy(key, Comparer<IComparable?>.Default).ThenBy(n => n.Name, StringComparer.Ordinal);
        return [.. sorted];
    }
}
