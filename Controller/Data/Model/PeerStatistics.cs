namespace Babelwire.Controller.Data.Model;

/// <summary>A WireGuard peer's counters on a node, as last reported.</summary>
public sealed class PeerStatistics
{
    public Guid NodeId { get; set; }

    public required string PeerPublicKey { get; set; }

    public string? Endpoint { get; set; }

    public DateTimeOffset? LastHandshake { get; set; }

    public long ReceivedBytes { get; set; }

    public long SentBytes { get; set; }

    public DateTimeOffset ReportedAt { get; set; }
}
