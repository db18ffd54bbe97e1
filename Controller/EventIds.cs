namespace Babelwire.Controller;

/// <summary>
/// Every log event id of the controller, one range per area: Infrastructure (database, migrations) 1000s,
/// Enrolment and tokens 2000s, Agent hub and peer sets 3000s, Topology store 4000s, Admin API and authentication 5000s.
/// </summary>
internal static class EventIds
{
    public const int DatabaseUnavailable = 1000;
    public const int MigrationsApplied = 1001;
    public const int MigrationsMissing = 1002;
    public const int SettingsCreated = 1003;

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
}
