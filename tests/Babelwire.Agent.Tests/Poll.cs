namespace Babelwire.Agent.Tests;

/// <summary>Waits for a condition, bounded in attempts and time (docs/code-style.md §13).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken, int attempts = 200, int intervalMs = 25)
    {
        for (var i = 0; i < attempts; i++)
        {
            if (condition())
                return;
            await Task.Delay(intervalMs, cancellationToken);
        }
        Assert.True(condition(), $"condition not reached after {attempts} polls of {intervalMs} ms");
    }
}
