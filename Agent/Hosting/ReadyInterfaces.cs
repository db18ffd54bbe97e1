using System.Collections.Frozen;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// Interface index → name of the interfaces the engine runs on: published by the loop, read by the receive task
/// for every datagram, so it is an immutable map swapped whole.
/// </summary>
internal sealed class ReadyInterfaces
{
    private volatile FrozenDictionary<int, string> _byIndex = FrozenDictionary<int, string>.Empty;

    public bool TryGetName(int index, out string name)
        => _byIndex.TryGetValue(index, out name!);

    public void Publish(IEnumerable<ResolvedInterface> ready) => _byIndex = ready.ToFrozenDictionary(i => i.Index, i => i.Name);
}
