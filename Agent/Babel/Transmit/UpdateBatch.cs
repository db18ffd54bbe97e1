using System.Net;

namespace Babelwire.Agent.Babel.Transmit;

/// <summary>
/// Prefixes waiting to be advertised. The Update itself is built at flush time from the current tables, so a
/// prefix that changes several times in one buffering window is sent once, with its latest state.
/// </summary>
internal sealed class UpdateBatch
{
    public HashSet<IPNetwork> Prefixes { get; } = [];

    /// <summary>A full dump of every selected route and local prefix.</summary>
    public bool Full { get; set; }

    public bool IsEmpty => !Full && Prefixes.Count == 0;

    /// <param name="includeFull">False for a neighbour we do not hear: our IHU tells it so, its cost to us is
    /// infinite and it cannot use our routes, so periodic dumps to it are wasted; it still gets triggered updates
    /// (retractions above all), and a full dump when it comes up.</param>
    public void MergeInto(UpdateBatch other, bool includeFull = true)
    {
        if (Full && includeFull)
            other.Full = true;
        other.Prefixes.UnionWith(Prefixes);
    }

    public void Clear()
    {
        Full = false;
        Prefixes.Clear();
    }
}
