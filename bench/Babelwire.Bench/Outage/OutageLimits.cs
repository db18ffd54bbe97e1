namespace Babelwire.Bench.Outage;

/// <summary>How long each phase of a trial may take before it is reported as not completed.</summary>
internal sealed record OutageLimits(TimeSpan WarmUp, TimeSpan Recover, TimeSpan Return);
