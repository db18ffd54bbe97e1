using Babelwire.Agent.Configuration;
using Microsoft.Extensions.Configuration;

namespace Babelwire.Agent.Tests;

public sealed class IndexedJsonConfigurationProviderTests
{
    [Fact]
    public void Every_section_has_the_same_children_as_with_the_stock_JSON_provider()
    {
        using var dir = new TempDirectory();
        var file = dir.File("agent.json");
        var announce = string.Join(",", Enumerable.Range(0, 25).Select(i => $$"""{ "prefix": "2001:db8:{{i:x}}::/48", "metric": {{i}} }"""));
        File.WriteAllText(file, $$"""
            { "routerId": "02:00:00:00:00:00:00:01", "Nested": { "A": { "b": 1, "C": 2 }, "a2": [ 1, 2, { "x": 3 } ] },
              "interfaces": [ { "name": "eth0", "neighbours": [ "fe80::1", "fe80::2" ] }, { "name": "eth1" } ],
              "announce": [ {{announce}} ] }
            """);

        var indexed = new ConfigurationBuilder().AddAgentConfigFile(file).Build();
        var stock = new ConfigurationBuilder().AddJsonFile(file).Build();

        Assert.Equal(Walk(stock), Walk(indexed));
        // List items in numeric order (0, 1, 2, …, 10), as the binder expects.
        Assert.Equal(
            Enumerable.Range(0, 25).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            indexed.GetSection("announce").GetChildren().Select(c => c.Key));
    }

    /// <summary>Every path with its value, in GetChildren order.</summary>
    private static List<string> Walk(IConfiguration configuration)
    {
        var seen = new List<string>();
        Visit(configuration.GetChildren());
        return seen;

        void Visit(IEnumerable<IConfigurationSection> sections)
        {
            foreach (var s in sections)
            {
                seen.Add($"{s.Path}={s.Value}");
                Visit(s.GetChildren());
            }
        }
    }
}
