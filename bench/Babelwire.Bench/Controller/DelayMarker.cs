namespace Babelwire.Bench.Controller;

/// <summary>A distinctive cost an agent reports for its first neighbour, to be found through the links API.</summary>
internal sealed record DelayMarker(int Cost, Guid Reporter, Guid Neighbour)
{
    /// <summary>Stopwatch timestamp just before the delta carrying it was sent; 0 until then.</summary>
    public long SentAt { get; set; }
}
