namespace Babelwire.Controller.Data.Model;

/// <summary>One side of a link: a Babel neighbour as the reporting node's agent last described it.</summary>
public sealed class Adjacency
{
    public Guid ReporterId { get; set; }

    /// <summary>The neighbour's link-local address, as reported.</summary>
    public required string NeighbourAddress { get; set; }

    /// <summary>The node behind the neighbour's WireGuard peer, when known.</summary>
    public Guid? NeighbourNodeId { get; set; }

    public string? PeerPublicKey { get; set; }

    public required string Interface { get; set; }

    public int Cost { get; set; }

    public int RxCost { get; set; }

    public int TxCost { get; set; }

    public double? RttMilliseconds { get; set; }

    public DateTimeOffset ReportedAt { get; set; }
}
