namespace Babelwire.Agent;

/// <summary>
/// Event ids of the agent host, one range per area (the engine's are in Babel/). Host range: 3000-3999.
/// Never renumber: operators filter logs by them.
/// </summary>
internal static class EventIds
{
    // Hosting: start, stop, engine loop (3000-3099).
    public const int AgentStarted = 3000;
    public const int AgentStopped = 3001;
    public const int EngineLoopFailed = 3002;
    public const int RouteChanged = 3003;
    public const int StateSaved = 3004;
    public const int StateSaveFailed = 3005;

    // Socket (3100-3199).
    public const int SocketBound = 3100;
    public const int AgentFailed = 3009;
    public const int ReceiveBufferSized = 3102;
    public const int SendFailed = 3103;
    public const int ReceiveFailed = 3104;
    public const int DatagramDropped = 3105;
    public const int MulticastJoinFailed = 3106;
    public const int DatagramIn = 3107;
    public const int DatagramOut = 3108;
    public const int MulticastJoinSkipped = 3109;

    // Interfaces (3200-3299).
    public const int InterfaceReady = 3200;
    public const int InterfaceWaiting = 3201;
    public const int InterfaceGone = 3202;
    public const int InterfaceRefused = 3203;

    // Status server (3300-3399).
    public const int StatusListening = 3300;
    public const int StatusRequestFailed = 3301;
    public const int StatusSocketInUse = 3302;

    // State directory (3400-3499).
    public const int RouterIdGenerated = 3400;
    public const int SeqnoLoaded = 3401;
    public const int SeqnoFileUnreadable = 3402;

    // Netlink: rtnetlink socket, kernel routes, links (4000-4999).
    public const int NetlinkSocketOpened = 4000;
    public const int NetlinkMessageSent = 4001;
    public const int NetlinkMessageReceived = 4002;
    public const int NetlinkUnexpectedMessage = 4003;
    public const int KernelRoutesRead = 4100;
    public const int KernelRoutesProgrammed = 4101;
    public const int KernelRouteFailed = 4102;
    public const int KernelRoutesFailed = 4103;
    public const int LinkConfigured = 4200;
    public const int LinkAddressRemoved = 4201;
}
