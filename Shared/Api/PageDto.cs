namespace Babelwire.Shared.Api;

/// <summary>A page of a long list; pass <paramref name="NextCursor"/> back as <c>?cursor=</c> for the next one.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, string? NextCursor);
