using System.ComponentModel.DataAnnotations;

namespace Babelwire.Controller.Services.LiveView;

/// <summary>The <c>LiveView</c> configuration section: how often the dashboard's snapshot may be rebuilt, and how
/// often PostgreSQL is probed for <see cref="Shared.Dashboard.MeshView.DatabaseAvailable"/>.</summary>
public sealed class LiveViewOptions
{
    public const string Section = "LiveView";

    /// <summary>At most one snapshot per interval: a burst of reports is one rebuild and one call per subscriber.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the database is probed (a connection and <c>SELECT 1</c>); a failed admin command marks it away at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan DatabaseProbeInterval { get; set; } = TimeSpan.FromSeconds(2);
}
