namespace Babelwire.Agent.Babel.Neighbours;

/// <summary>
/// RFC 9616 round-trip time to one neighbour, smoothed as babeld does: a new estimate starts at twice the first
/// sample (conservative), then a running average with weight decay/256; an estimate older than the validity is unused.
/// </summary>
internal sealed class RttEstimator
{
    /// <summary>babeld drops samples with a leg longer than 600 s.</summary>
    private const long MaxLegMicroseconds = 600_000_000;

    private long _smoothedMicroseconds;
    private TimeSpan? _lastSample;

    public TimeSpan? Current(TimeSpan now, TimeSpan validity)
        => _lastSample is { } t && now - t < validity ? TimeSpan.FromMicroseconds(_smoothedMicroseconds) : null;

    /// <summary>
    /// RTT = (t4 − t1) − (t3 − t2) mod 2^32, all in µs: t1 our Hello sent, t2 it arrived there, t3 their Hello sent
    /// (same packet as the IHU echoing t1 and t2), t4 that packet arrived here. Returns the sample, or null if rejected.
    /// </summary>
    public static long? Sample(uint t1, uint t2, uint t3, uint t4)
    {
        long local = unchecked(t4 - t1);
        long remote = unchecked(t3 - t2);
        if (local > MaxLegMicroseconds || remote > MaxLegMicroseconds)
            return null;
        return Math.Max(0, local - remote);
    }

    public void Add(long sampleMicroseconds, TimeSpan now, TimeSpan validity, int decay)
    {
        if (Current(now, validity) is null)
        {
            _smoothedMicroseconds = 2 * sampleMicroseconds;
        }
        else
        {
            var smoothed = (decay * sampleMicroseconds) + ((256 - decay) * _smoothedMicroseconds);
            // Round towards the sample, as babeld does.
            _smoothedMicroseconds = _smoothedMicroseconds >= sampleMicroseconds ? smoothed / 256 : (smoothed + 255) / 256;
        }
        _lastSample = now;
    }
}
