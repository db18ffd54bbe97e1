namespace Babelwire.Agent.Routing;

public sealed record RouteProgrammerOptions
{
    /// <summary>
    /// How long a pass waits after the first change before it reads the desired state, so that the changes of
    /// several engine-loop turns (a burst of updates) go out in one transaction.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>First wait after a failed transaction; doubled on each further failure up to <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryMin { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(5);
}
