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
}
