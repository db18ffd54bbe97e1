namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>Routers 0..RouterCount−1 and the links between them.</summary>
public sealed record Topology(string Name, int RouterCount, IReadOnlyList<LinkSpec> Links)
{
    public const ushort DefaultCost = 96;

    public override string ToString() => Name;

    public static Topology Line(int n) =>
        new($"line({n})", n, [.. Enumerable.Range(0, n - 1).Select(i => new LinkSpec([i, i + 1]))]);

    public static Topology Ring(int n) =>
        new($"ring({n})", n, [.. Enumerable.Range(0, n).Select(i => new LinkSpec([i, (i + 1) % n]))]);

    public static Topology Grid(int width, int height)
    {
        var links = new List<LinkSpec>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                if (x + 1 < width)
                    links.Add(new LinkSpec([i, i + 1]));
                if (y + 1 < height)
                    links.Add(new LinkSpec([i, i + width]));
            }
        }
        return new($"grid({width}x{height})", width * height, links);
    }

    /// <summary>
    /// A random connected graph: a random spanning tree plus <paramref name="extraLinks"/> chords.
    /// With <paramref name="costs"/> each link draws its cost from it; with <paramref name="sharedSegments"/>
    /// that many extra links join 3 or 4 routers on one multicast segment.
    /// </summary>
    public static Topology Random(int n, int extraLinks, int seed, ushort[]? costs = null, int sharedSegments = 0)
    {
        var rng = new Random(seed);
        ushort Cost() => costs is null ? DefaultCost : costs[rng.Next(costs.Length)];
        var links = new List<LinkSpec>();
        var pairs = new HashSet<(int, int)>();
        var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        for (var k = 1; k < n; k++)
        {
            var a = order[k];
            var b = order[rng.Next(k)];
            pairs.Add((Math.Min(a, b), Math.Max(a, b)));
            links.Add(new LinkSpec([a, b], Cost()));
        }
        for (var attempts = 0; extraLinks > 0 && attempts < 100 * n; attempts++)
        {
            var a = rng.Next(n);
            var b = rng.Next(n);
            if (a == b || !pairs.Add((Math.Min(a, b), Math.Max(a, b))))
                continue;
            links.Add(new LinkSpec([a, b], Cost()));
            extraLinks--;
        }
        for (var s = 0; s < sharedSegments; s++)
        {
            var members = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(rng.Next(3, 5)).ToArray();
            links.Add(new LinkSpec(members, Cost()));
        }
        return new($"random({n},+{links.Count - (n - 1)},seed {seed})", n, links);
    }
}
