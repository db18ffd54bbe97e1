namespace Babelwire.Controller;

/// <summary>
/// Every log event id of the controller, one range per area: Infrastructure (database, migrations) 1000s,
/// Enrolment and tokens 2000s, Agent hub and peer sets 3000s, Topology store 4000s, Admin API and authentication 5000s,
/// dashboard back end (live view, administration services, dashboard accounts) 6000s.
/// </summary>
internal static class EventIds
{
    public const int DatabaseUnavailable = 1000;
    public const int MigrationsApplied = 1001;
    public const int SettingsCreated = 1003;
    public const int DatabaseUnavailableForRequest = 1004;

    public const int NodeEnrolled = 2000;
    public const int NodeReEnrolled = 2001;
    public const int EnrolmentRefused = 2002;
    public const int AddressRangeExhausted = 2003;
    public const int TokenCreated = 2004;
    public const int TokenRevoked = 2005;
    public const int NotifierFailed = 2007;

    public const int ApiKeyCreated = 5000;
    public const int ApiKeyRevoked = 5001;
    public const int SettingsChanged = 5002;
    public const int ApiKeyRejected = 5003;

    public const int AgentConnected = 3000;
    public const int AgentDisconnected = 3001;
    public const int ProtocolMismatch = 3002;
    public const int ConnectionReplaced = 3003;
    public const int InvalidHubInput = 3004;
    public const int DisconnectNotRecorded = 3005;
    public const int HubMethodFailed = 3006;
    public const int PeerSetLoaded = 3010;
    public const int PeerSetChanged = 3011;
    public const int NodeRevoked = 3012;

    public const int TopologyLoaded = 4000;
    public const int TopologyWriteFailed = 4001;
    public const int TopologyWriteRecovered = 4002;
    public const int AgentStateRejected = 4003;
    public const int AgentResyncRequired = 4004;
    public const int TopologyEventsDropped = 4005;
    public const int NodeKeyLookupFailed = 4006;
    public const int EventsPruned = 4007;
    public const int EventRetentionFailed = 4008;
    public const int TopologyFinalFlushFailed = 4009;

    public const int LiveViewSubscriberFailed = 6000;
    public const int LiveViewNodesNotRead = 6001;
    public const int LiveViewDatabaseAway = 6002;
    public const int LiveViewDatabaseBack = 6003;
    public const int LiveViewPublished = 6004;
    public const int LiveViewRosterNotRead = 6005;
    public const int AdminCommandUnavailable = 6010;
    public const int DashboardSignInFailed = 6020;
    public const int DashboardLockedOut = 6021;
    public const int DashboardSignedIn = 6022;
    public const int DashboardAdminCreated = 6023;
    public const int DashboardAdminConfigured = 6024;
}
