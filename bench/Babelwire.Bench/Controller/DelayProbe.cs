using System.Collections.Concurrent;
using System.Diagnostics;
using Babelwire.Shared.Api;

namespace Babelwire.Bench.Controller;

/// <summary>
/// Report-to-API delay: at even intervals over the window a random connected agent (without a marker waiting) is
/// given a unique cost for its first neighbour; once the delta carrying it is sent, a poller reads that agent's links
/// through GET /api/v1/links every <see cref="PollInterval"/> until its side of the link shows the cost. The delay
/// runs from just before the send to the end of the first answer that shows it.
/// </summary>
internal sealed class DelayProbe(AgentFleet fleet, ControlPlaneClient api)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan VisibilityLimit = TimeSpan.FromSeconds(30);

    // Costs nobody else reports (ordinary costs are 96-128), unique per sample, below 65535 (infinity).
    private const int FirstMarkerCost = 30_000;

    private readonly ConcurrentQueue<double> _delays = new();
    private readonly List<Task> _pollers = [];
    private Task _dispatcher = Task.CompletedTask;
    private int _scheduled;
    private int _missed;
    private long _polls;
    private long _pollErrors;

    public int Scheduled => _scheduled;

    public int Missed => Volatile.Read(ref _missed);

    public long Polls => Interlocked.Read(ref _polls);

    public long PollErrors => Interlocked.Read(ref _pollErrors);

    public IReadOnlyCollection<double> Delays => _delays;

    /// <summary>Schedules <paramref name="samples"/> markers over <paramref name="window"/>, and polls for each sent one.</summary>
    public async Task ScheduleAsync(int samples, TimeSpan window, CancellationToken cancellationToken)
    {
        _dispatcher = DispatchAsync(cancellationToken);
        var random = new Random(samples);
        var every = window / samples;
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < samples; k++)
        {
            var due = every * k - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var agent = fleet.Agents[random.Next(fleet.Agents.Count)];
                if (agent.IsConnected && !agent.HasPendingMarker
                    && agent.TrySetMarker(new DelayMarker(FirstMarkerCost + k, agent.Node.NodeId, agent.Model.FirstNeighbour.NodeId)))
                {
                    _scheduled++;
                    break;
                }
            }
        }
    }

    /// <summary>Waits until every scheduled marker was seen or missed, at most <paramref name="limit"/>.</summary>
    public async Task DrainAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (_delays.Count + Missed < _scheduled && clock.Elapsed < limit)
        {
            await Task.Delay(100, cancellationToken);
        }
        fleet.SentMarkers.Writer.TryComplete();
        await _dispatcher;
        Task[] pollers;
        lock (_pollers)
        {
            pollers = [.. _pollers];
        }
        await Task.WhenAll(pollers).WaitAsync(VisibilityLimit + TimeSpan.FromSeconds(5), cancellationToken);
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        await foreach (var marker in fleet.SentMarkers.Reader.ReadAllAsync(cancellationToken))
        {
            lock (_pollers)
            {
                _pollers.Add(PollAsync(marker, cancellationToken));
            }
        }
    }

    private async Task PollAsync(DelayMarker marker, CancellationToken cancellationToken)
    {
        while (Stopwatch.GetElapsedTime(marker.SentAt) < VisibilityLimit)
        {
            try
            {
                Interlocked.Increment(ref _polls);
                var links = await api.LinksOfAsync(marker.Reporter, cancellationToken);
                if (Shows(links, marker))
                {
                    _delays.Enqueue(Stopwatch.GetElapsedTime(marker.SentAt).TotalMilliseconds);
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException
                                          or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _pollErrors);
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
        Interlocked.Increment(ref _missed);
    }

    /// <summary>Whether the reporter's side of its link to the neighbour carries the marker's cost.</summary>
    internal static bool Shows(IEnumerable<LinkDto> links, DelayMarker marker) => links.Any(link =>
        (link.NodeA == marker.Reporter && link.NodeB == marker.Neighbour && link.FromA?.Cost == marker.Cost)
        || (link.NodeB == marker.Reporter && link.NodeA == marker.Neighbour && link.FromB?.Cost == marker.Cost));
}
