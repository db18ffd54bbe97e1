namespace Babelwire.Controller.Data.Model;

/// <summary>An admin credential for the REST API; only its hash is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the key's secret; unique.</summary>
    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
