namespace Babelwire.Controller.Data.Model;

/// <summary>A secret an admin hands to hosts so that their agents can enrol; only its hash is stored.</summary>
public sealed class EnrolmentToken
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the token's secret; unique.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>Null: any number of uses until expiry.</summary>
    public int? MaxUses { get; set; }

    public int Uses { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Given to every node enrolled with this token.</summary>
    public List<string> Tags { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
