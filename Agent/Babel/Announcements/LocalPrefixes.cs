using System.Net;

namespace Babelwire.Agent.Babel.Announcements;

/// <summary>Prefixes this node originates (babeld's xroutes), with the metric each is announced at.</summary>
internal sealed class LocalPrefixes
{
    private readonly Dictionary<IPNetwork, ushort> _prefixes = [];

    public int Count => _prefixes.Count;

    public IEnumerable<KeyValuePair<IPNetwork, ushort>> All => _prefixes;

    public bool Contains(IPNetwork prefix) => _prefixes.ContainsKey(prefix);

    public bool TryGetMetric(IPNetwork prefix, out ushort metric) => _prefixes.TryGetValue(prefix, out metric);

    /// <summary>Returns true if this changed what is announced.</summary>
    public bool Set(IPNetwork prefix, ushort metric)
    {
        if (_prefixes.TryGetValue(prefix, out var old) && old == metric)
            return false;
        _prefixes[prefix] = metric;
        return true;
    }

    public bool Remove(IPNetwork prefix) => _prefixes.Remove(prefix);
}
