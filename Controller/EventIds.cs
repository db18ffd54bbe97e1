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

    public const int NodeEnrolled = 2000;
    public const int NodeReEnrolled = 2001;
    public const int EnrolmentRefused = 2002;
    public const int AddressRangeExhausted = 2003;
    public const int TokenCreated = 2004;
    public const int TokenRevoked = 2005;
    public const int NotifierMissing = 2006;
    public const int NotifierFailed = 2007;

    public const int ApiKeyCreated = 5000;
    public const int ApiKeyRevoked = 5001;
    public const int SettingsChanged = 5002;
    public const int ApiKeyRejected = 5003;
}
