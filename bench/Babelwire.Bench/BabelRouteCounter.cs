namespace Babelwire.Bench;

/// <summary>
/// Counts babeld's usable kernel routes from <c>ip monitor route</c> lines (netlink notifications), so nothing has to
/// re-list a 100,000-route table. babeld installs a route it cannot use yet as <c>unreachable … proto babel</c>;
/// only routes with a next hop count. A usable route deleted or turned unreachable counts as lost.
/// </summary>
internal sealed class BabelRouteCounter(int target)
{
    private readonly HashSet<string> _reachable = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();

    public Task Complete => _complete.Task;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _reachable.Count;
            }
        }
    }

    public int MaxCount { get; private set; }

    public int Lost { get; private set; }

    public bool Overrun { get; private set; }

    public void OnLine(string line)
    {
        if (line.StartsWith("OVERRUN", StringComparison.Ordinal))
        {
            Overrun = true;
            return;
        }

        if (!line.Contains(" proto babel", StringComparison.Ordinal))
        {
            return;
        }

        var rest = line.AsSpan();
        var deleted = rest.StartsWith("Deleted ");
        if (deleted)
        {
            rest = rest["Deleted ".Length..];
        }

        var unreachable = rest.StartsWith("unreachable ");
        if (unreachable)
        {
            rest = rest["unreachable ".Length..];
        }

        var space = rest.IndexOf(' ');
        var prefix = (space < 0 ? rest : rest[..space]).ToString();
        lock (_lock)
        {
            if (!deleted && !unreachable)
            {
                _reachable.Add(prefix);
                MaxCount = Math.Max(MaxCount, _reachable.Count);
                if (_reachable.Count >= target)
                {
                    _complete.TrySetResult();
                }
            }
            else if ((deleted && !unreachable) || (!deleted && unreachable))
            {
                if (_reachable.Remove(prefix))
                {
                    Lost++;
                }
            }
        }
    }
}
