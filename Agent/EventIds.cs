namespace Babelwire.Agent;

/// <summary>
/// Event ids of the agent host, one range per area (the engine's are in Babel/). WireGuard: 2000-2999; host: 3000-3999;
/// netlink: 4000-4999; WireGuard mode: 5000-5199; control plane: 6000-6999.
/// Never renumber: operators filter logs by them.
/// </summary>
internal static class EventIds
{
    // WireGuard: UAPI transactions, devices, the wireguard-go process, keys (2000-2999).
    public const int UapiTransaction = 2000;
    public const int UapiTransactionText = 2001;
    public const int UapiTransactionFailed = 2002;
    public const int AllowedIpRemovalProbed = 2003;
    public const int DeviceReread = 2004;
    public const int ProbeCleanupFailed = 2005;
    public const int WgCommand = 2006;
    public const int WgCommandFailed = 2007;
    public const int WireGuardGoStarted = 2010;
    public const int WireGuardGoStopped = 2011;
    public const int WireGuardGoOutput = 2012;
    public const int PrivateKeyGenerated = 2020;

    // Hosting: start, stop, engine loop (3000-3099).
    public const int AgentStarted = 3000;
    public const int AgentStopped = 3001;
    public const int EngineLoopFailed = 3002;
    public const int AgentFailed = 3003;
    public const int RouteChanged = 3004;

    // Socket (3100-3199).
    public const int SocketBound = 3100;
    public const int SendFailed = 3101;
    public const int ReceiveFailed = 3102;
    public const int DatagramDropped = 3103;
    public const int MulticastJoinFailed = 3104;
    public const int MulticastJoinSkipped = 3105;
    public const int DatagramIn = 3106;
    public const int DatagramOut = 3107;

    // Interfaces (3200-3299).
    public const int InterfaceReady = 3200;
    public const int InterfaceWaiting = 3201;
    public const int InterfaceGone = 3202;
    public const int InterfaceRefused = 3203;

    // Status socket (3300-3399).
    public const int StatusListening = 3300;
    public const int StatusRequestFailed = 3301;
    public const int StatusSocketFailed = 3302;

    // State directory (3400-3499).
    public const int RouterIdGenerated = 3400;
    public const int SeqnoLoaded = 3401;
    public const int SeqnoSaved = 3402;
    public const int SeqnoSaveFailed = 3403;

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

    // WireGuard mode of the host: interface, peers, route programmer (5000-5199).
    public const int WireGuardReady = 5000;
    public const int WireGuardFailed = 5001;
    public const int WireGuardKeyCreated = 5002;
    public const int PeerAdded = 5003;
    public const int PeerRemoved = 5004;
    public const int PeerWatchFailed = 5005;
    public const int WireGuardHostStopped = 5006;
    public const int DatagramNotFromPeer = 5007;
    public const int LeftoverInterfaceRemoved = 5008;
    public const int RoutesReconciled = 5100;
    public const int RoutesProgrammingFailed = 5101;
    public const int RouteCoversEndpoint = 5102;
    public const int OwnedRecordFailed = 5103;
    public const int AllowedIpsTransaction = 5104;

    // Control plane: enrolment, the hub connection, peer sets, state reports (6000-6999).
    public const int Enrolled = 6000;
    public const int EnrolmentLoaded = 6001;
    public const int EnrolmentRetry = 6002;
    public const int EnrolmentFailed = 6003;
    public const int EnrolmentStale = 6004;
    public const int ControlPlaneKeyCreated = 6005;
    public const int HubConnected = 6100;
    public const int ControllerAway = 6101;
    public const int HubRefused = 6102;
    public const int NodeRevoked = 6103;
    public const int CredentialRefused = 6104;
    public const int ReenrolmentRefused = 6105;
    public const int MeshSettingsChanged = 6106;
    public const int PeerSetLoaded = 6200;
    public const int PeerSetChanged = 6201;
    public const int PeerSetResync = 6202;
    public const int PeerSetReplaced = 6203;
    public const int PeerSetNotSaved = 6204;
    public const int PeerSetUnreadable = 6205;
    public const int PeerSkipped = 6206;
    public const int StateReported = 6300;
    public const int StateDeltaReported = 6301;
    public const int StateResyncRequested = 6302;
    public const int StateSnapshotFailed = 6303;
    public const int StateResyncAfterFullReport = 6304;
}
