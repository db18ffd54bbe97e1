namespace Babelwire.Shared.Api;

/// <summary>One end's view of a link, as that end's agent last reported it.</summary>
public sealed record LinkSideDto(int Cost, int RxCost, int TxCost, double? RttMilliseconds, DateTimeOffset ReportedAt);
