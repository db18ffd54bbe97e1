namespace Babelwire.Shared.Api;

/// <summary>A pair of nodes that are Babel neighbours, with the cost each side reports
/// (<paramref name="NodeA"/> sorts before <paramref name="NodeB"/>). A side is null when that end reports no such neighbour.</summary>
/// <param name="Up">Some side reports the other as a neighbour with a finite cost.</param>
public sealed record LinkDto(Guid NodeA, Guid NodeB, LinkSideDto? FromA, LinkSideDto? FromB, bool Up);
