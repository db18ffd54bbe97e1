namespace Babelwire.Agent.Babel;

/// <summary>Event ids of the Babel engine's log messages (range 1000-1999).</summary>
internal static class EventIds
{
    public const int InterfaceAdded = 1000;
    public const int InterfaceRemoved = 1001;
    public const int NeighbourUp = 1002;
    public const int NeighbourDown = 1003;
    public const int NeighbourRebooted = 1004;
    public const int NeighbourFlushed = 1005;
    public const int ShuttingDown = 1006;

    public const int RouteSelected = 1100;
    public const int RouteLost = 1101;
    public const int UnfeasibleUpdate = 1102;
    public const int RouteExpired = 1103;
    public const int SourcesCollected = 1104;

    public const int SeqnoRaised = 1200;
    public const int SeqnoRequestForwarded = 1201;
    public const int SeqnoRequestSent = 1202;
    public const int SeqnoRequestDropped = 1203;

    public const int PacketDropped = 1300;
    public const int TlvIgnored = 1301;
    public const int PacketReceived = 1302;
    public const int PacketSent = 1303;
}
