using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Babelwire.Agent.Configuration;

/// <summary>
/// The JSON provider with an index from each path to its child keys. The stock provider scans every key on each
/// <see cref="IConfigurationProvider.GetChildKeys"/>, and the binder asks once per list item, so binding 100,000
/// announced prefixes took minutes; with the index it is linear (about 5 s for 100,000 on this machine, mostly the binder itself).
/// </summary>
internal sealed class IndexedJsonConfigurationSource : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new IndexedJsonConfigurationProvider(this);
    }
}

internal sealed class IndexedJsonConfigurationProvider(JsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    private Dictionary<string, HashSet<string>> _children = new(StringComparer.OrdinalIgnoreCase);

    public override void Load(Stream stream)
    {
        base.Load(stream);
        var children = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in Data.Keys)
        {
            var parent = "";
            var start = 0;
            while (true)
            {
                var end = key.IndexOf(ConfigurationPath.KeyDelimiter, start, StringComparison.Ordinal);
                var segment = end < 0 ? key[start..] : key[start..end];
                if (!children.TryGetValue(parent, out var set))
                    children[parent] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                set.Add(segment);
                if (end < 0)
                    break;
                parent = key[..end];
                start = end + ConfigurationPath.KeyDelimiter.Length;
            }
        }
        _children = children;
    }

    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        var keys = new List<string>(earlierKeys);
        if (_children.TryGetValue(parentPath ?? "", out var mine))
            keys.AddRange(mine);
        keys.Sort(ConfigurationKeyComparer.Instance);
        return keys;
    }
}
