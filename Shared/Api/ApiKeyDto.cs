namespace Babelwire.Shared.Api;

/// <summary>An admin API key, without its secret.</summary>
public sealed record ApiKeyDto(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);
