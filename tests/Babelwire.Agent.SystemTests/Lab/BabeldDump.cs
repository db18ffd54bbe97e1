using System.Globalization;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// babeld's local-interface <c>dump</c>, parsed. Each line is <c>add KIND ID key value key value …</c>, e.g.
/// <c>add neighbour 55e0 address fe80::1 if vb reach ff00 ureach 0000 rxcost 96 txcost 96 cost 96</c> or
/// <c>add route 55e1 prefix 2001:db8::/48 from ::/0 installed yes id 38:55:… metric 96 refmetric 0 via fe80::1 if vb</c>.
/// </summary>
public sealed record BabeldDump(IReadOnlyList<BabeldDump.Entry> Entries)
{
    public IEnumerable<Entry> Neighbours => Entries.Where(e => e.Kind == "neighbour");

    public IEnumerable<Entry> Routes => Entries.Where(e => e.Kind == "route");

    public IEnumerable<Entry> ExportedRoutes => Entries.Where(e => e.Kind == "xroute");

    /// <summary>The installed (selected) route for <paramref name="prefix"/>, if any.</summary>
    public Entry? InstalledRoute(string prefix) =>
        Routes.FirstOrDefault(r => r["prefix"] == prefix && r["installed"] == "yes");

    public static BabeldDump Parse(IEnumerable<string> lines)
    {
        var entries = new List<Entry>();
        foreach (var line in lines)
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 3 || tokens[0] is not ("add" or "change"))
            {
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 3; i + 1 < tokens.Length; i += 2)
            {
                fields[tokens[i]] = tokens[i + 1];
            }

            entries.Add(new Entry(tokens[1], tokens[2], fields));
        }

        return new BabeldDump(entries);
    }

    public override string ToString() => string.Join('\n', Entries);

    /// <summary>One dump line: its kind (<c>neighbour</c>, <c>route</c>, <c>xroute</c>, <c>interface</c>), id and fields.</summary>
    public sealed record Entry(string Kind, string Id, IReadOnlyDictionary<string, string> Fields)
    {
        public string? this[string key] => Fields.TryGetValue(key, out var value) ? value : null;

        public int Number(string key) => int.Parse(
            this[key] ?? throw new KeyNotFoundException($"{Kind} {Id} has no '{key}'"), CultureInfo.InvariantCulture);

        public override string ToString() => $"{Kind} {Id} {string.Join(' ', Fields.Select(f => $"{f.Key} {f.Value}"))}";
    }
}
