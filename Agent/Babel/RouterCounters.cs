namespace Babelwire.Agent.Babel;

/// <summary>What the engine dropped or ignored, and why; exported as metrics. Not thread-safe: read on the engine loop.</summary>
public sealed class RouterCounters
{
    public long PacketsReceived { get; internal set; }
    public long PacketsFromNonLinkLocal { get; internal set; }
    public long PacketsOnUnknownInterface { get; internal set; }
    public long PacketsFromUnknownNeighbour { get; internal set; }
    public long PacketsRejected { get; internal set; }
    public long MartianPrefixesIgnored { get; internal set; }
    public long OwnRouterIdUpdatesIgnored { get; internal set; }
    public long UnfeasibleUpdates { get; internal set; }
    public long IhusForOthers { get; internal set; }
    public long SeqnoRequestsDropped { get; internal set; }
    public long SeqnoRequestsForwarded { get; internal set; }
    public long FullDumpRequestsThrottled { get; internal set; }
    public long DatagramsSent { get; internal set; }
    public long RoutesExpired { get; internal set; }
}
