using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Babelwire.Bench.Dashboard;

/// <summary>One open dashboard page and the draws its map watcher logged (collected here as they are read).</summary>
internal sealed class DashboardPage(IPage page, double navigationStart)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>How long one script evaluation may take: Playwright's own evaluate waits without a limit.</summary>
    public static readonly TimeSpan EvaluateLimit = TimeSpan.FromSeconds(60);

    private readonly List<MapDraw> _draws = [];

    public IPage Page { get; } = page;

    /// <summary>performance.timeOrigin of the page: Unix milliseconds when its navigation started.</summary>
    public double NavigationStart { get; } = navigationStart;

    public IReadOnlyList<MapDraw> Draws => _draws;

    /// <summary>Reads the draws logged since the last read.</summary>
    public async Task<IReadOnlyList<MapDraw>> ReadAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>("() => window.__bwBench ? window.__bwBench.take() : []").WaitAsync(EvaluateLimit);
        var draws = json.Deserialize<List<MapDraw>>(Json) ?? [];
        _draws.AddRange(draws);
        return draws;
    }

    /// <summary>Reads draws every 20 ms until one at or after <paramref name="sinceUnixMilliseconds"/> shows what
    /// <paramref name="shows"/> looks for; null after <paramref name="timeout"/>.</summary>
    public async Task<MapDraw?> WaitForDrawAsync(double sinceUnixMilliseconds, Func<MapDraw, bool> shows, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var from = _draws.Count;
        while (true)
        {
            await ReadAsync();
            if (DrawTimeline.FirstShowing(_draws.Skip(from), sinceUnixMilliseconds, shows) is { } draw)
            {
                return draw;
            }
            if (clock.Elapsed > timeout)
            {
                return null;
            }
            await Task.Delay(ReadInterval, cancellationToken);
        }
    }

    /// <summary>Date.now() of the first WebSocket message the page received (its Blazor circuit), or null.</summary>
    public async Task<double?> FirstMessageAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>("() => window.__bwBench ? window.__bwBench.firstReceived : null").WaitAsync(EvaluateLimit);
        return json.ValueKind == JsonValueKind.Number ? json.GetDouble() : null;
    }

    /// <summary>Watches this edge in every draw from now on (its up, quality and label).</summary>
    public Task WatchEdgeAsync(string edgeId) => Page.EvaluateAsync("id => { window.__bwBench.watchEdge = id; }", edgeId).WaitAsync(EvaluateLimit);

    /// <summary>The map's describe() now: its edges as (id, source, target).</summary>
    public async Task<IReadOnlyList<(string Id, string Source, string Target)>> EdgesAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>("() => { const d = window.__bwBench.describe(); return d ? d.edges.map(e => [e.id, e.source, e.target]) : []; }").WaitAsync(EvaluateLimit);
        return [.. json.EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetString()!, e[2].GetString()!))];
    }

    /// <summary>Node positions from the cytoscape instance; null when the watcher could not find it.</summary>
    public async Task<IReadOnlyList<NodePosition>?> PositionsAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>("() => window.__bwBench.positions()").WaitAsync(EvaluateLimit);
        return json.ValueKind != JsonValueKind.Array
            ? null
            : [.. json.EnumerateArray().Select(p => new NodePosition(p[0].GetString()!, p[1].GetDouble(), p[2].GetDouble()))];
    }
}
