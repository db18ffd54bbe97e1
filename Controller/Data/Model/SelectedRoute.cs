namespace Babelwire.Controller.Data.Model;

/// <summary>A route a node's agent selected, as last reported.</summary>
public sealed class SelectedRoute
{
    public Guid NodeId { get; set; }

    /// <summary>Canonical text of the prefix ("2001:db8::/64"), as <c>IPNetwork.ToString()</c> writes it.</summary>
    public required string Prefix { get; set; }

    public int Metric { get; set; }

    public required string RouterId { get; set; }

    public required string NextHop { get; set; }

    public string? NextHopPeerPublicKey { get; set; }

    public Guid? NextHopNodeId { get; set; }

    public bool Installed { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
