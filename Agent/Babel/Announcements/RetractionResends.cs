using System.Net;

namespace Babelwire.Agent.Babel.Announcements;

/// <summary>
/// Retractions are repeated (RFC 8966 §3.7.2: urgent and reliable), as babeld does: again after 2 s and 4 s,
/// unless a route to the prefix came back in between.
/// </summary>
internal sealed class RetractionResends
{
    public const int Repeats = 2;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(2);

    private readonly PriorityQueue<(IPNetwork Prefix, int Left), TimeSpan> _queue = new();

    public int Count => _queue.Count;

    public void Schedule(IPNetwork prefix, TimeSpan now) => _queue.Enqueue((prefix, Repeats), now + FirstDelay);

    /// <summary>The prefixes due for another retraction now.</summary>
    public List<IPNetwork> Due(TimeSpan now)
    {
        var due = new List<IPNetwork>();
        while (_queue.TryPeek(out var item, out var at) && at <= now)
        {
            _queue.Dequeue();
            due.Add(item.Prefix);
            if (item.Left > 1)
                _queue.Enqueue((item.Prefix, item.Left - 1), now + (FirstDelay * (Repeats - item.Left + 2)));
        }
        return due;
    }

    public TimeSpan? NextDue => _queue.TryPeek(out _, out var at) ? at : null;
}
