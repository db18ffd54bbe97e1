using System.ComponentModel.DataAnnotations;

namespace Babelwire.Controller.Services.Topology;

/// <summary>The <c>Topology</c> configuration section: write-behind batching, the event budget and event retention.</summary>
public sealed class TopologyOptions
{
    public const string Section = "Topology";

    /// <summary>How long the writer gathers changes before it writes a batch (unless a batch is already full).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>At most this many nodes' changes go into one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxBatchNodes { get; set; } = 2_000;

    /// <summary>Events waiting for the database; beyond it the oldest are dropped (route and link rows never are).</summary>
    [Range(1, 10_000_000)]
    public int MaxPendingEvents { get; set; } = 100_000;

    /// <summary>A node's event budget (token bucket): this many events at once...</summary>
    [Range(1, 100_000)]
    public int EventBurstPerNode { get; set; } = 30;

    /// <summary>...and one more each interval; link and route events beyond the budget are counted, not recorded.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan EventRefillInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often events older than the mesh's retention are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Events deleted per statement, so that pruning never holds long locks.</summary>
    [Range(1, 1_000_000)]
    public int RetentionBatchSize { get; set; } = 5_000;
}
