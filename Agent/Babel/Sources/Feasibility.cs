namespace Babelwire.Agent.Babel.Sources;

/// <summary>RFC 8966 §3.5.1 feasibility condition.</summary>
internal static class Feasibility
{
    /// <summary>
    /// An update (seqno, metric) is feasible when it is a retraction, when there is no feasibility distance, when its
    /// seqno is newer than the FD's, or when the seqnos are equal and its metric is strictly smaller.
    /// </summary>
    public static bool IsFeasible(SeqNo seqno, ushort metric, Source? fd)
    {
        if (metric == Metric.Infinity || fd is null)
            return true;
        return fd.Seqno.IsLessThan(seqno) || (seqno == fd.Seqno && metric < fd.Metric);
    }
}
