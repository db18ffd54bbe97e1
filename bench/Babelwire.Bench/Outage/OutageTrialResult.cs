namespace Babelwire.Bench.Outage;

/// <summary>
/// One cut-and-heal trial: the longest gap in replies after the cut, the time from the heal until replies come
/// steadily over the direct path again, the longest gap while returning; null where the trial did not get that far.
/// </summary>
internal sealed record OutageTrialResult(double? OutageSeconds, double? ReturnSeconds, double? ReturnGapSeconds, string? Failure);
