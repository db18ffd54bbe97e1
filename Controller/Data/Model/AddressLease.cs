namespace Babelwire.Controller.Data.Model;

/// <summary>
/// An overlay address handed to a node. The row outlives the node: after deletion it stays with <see cref="ReleasedAt"/>
/// set, and the address is only handed out again once the grace period has passed, so that stale routes and ACLs
/// elsewhere cannot reach a new owner.
/// </summary>
public sealed class AddressLease
{
    public long Id { get; set; }

    /// <summary>Canonical text of the address ("198.18.0.5", "fd12:3456:789a::5"); text because EF Core needs a
    /// comparable type for a unique index, and the unique index is what makes concurrent allocation safe.</summary>
    public required string Address { get; set; }

    public Guid? NodeId { get; set; }

    public DateTimeOffset AllocatedAt { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }
}
