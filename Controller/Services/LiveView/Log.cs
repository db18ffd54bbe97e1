namespace Babelwire.Controller.Services.LiveView;

internal static partial class Log
{
    [LoggerMessage(EventIds.LiveViewSubscriberFailed, LogLevel.Warning, "A live view subscriber failed on snapshot {Version}; it keeps its subscription")]
    public static partial void SubscriberFailed(this ILogger logger, long version, Exception exception);

    [LoggerMessage(EventIds.LiveViewNodesNotRead, LogLevel.Warning, "The live view could not read {Count} node row(s); it shows the last known and retries: {Reason}")]
    public static partial void NodesNotRead(this ILogger logger, int count, string reason);

    [LoggerMessage(EventIds.LiveViewRosterNotRead, LogLevel.Warning, "The live view could not read the node list; it retries: {Reason}")]
    public static partial void RosterNotRead(this ILogger logger, string reason);

    [LoggerMessage(EventIds.LiveViewDatabaseAway, LogLevel.Warning, "The dashboard shows the database as unavailable: {Reason}")]
    public static partial void DatabaseAway(this ILogger logger, string reason);

    [LoggerMessage(EventIds.LiveViewDatabaseBack, LogLevel.Information, "The dashboard shows the database as available again")]
    public static partial void DatabaseBack(this ILogger logger);

    [LoggerMessage(EventIds.LiveViewPublished, LogLevel.Trace, "Live view {Version}: {Nodes} nodes, {Links} links, {Routes} routes, built in {Elapsed}")]
    public static partial void Published(this ILogger logger, long version, int nodes, int links, int routes, TimeSpan elapsed);
}
