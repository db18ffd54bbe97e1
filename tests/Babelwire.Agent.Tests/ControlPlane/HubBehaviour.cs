using System.Collections.Concurrent;
using Babelwire.Shared.Mesh;
using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>The test's hand on the test hub: what it answers, and everything it saw.</summary>
internal sealed class HubBehaviour
{
    private readonly Lock _gate = new();
    private readonly List<HubEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid NodeId { get; set; } = Guid.Parse("0b7e2c1a-0000-4000-8000-000000000001");

    public string NodeName { get; set; } = "alpha";

    public MeshSettingsDto Settings { get; set; } = new("fd00:b1::/48", "198.18.0.0/16", TimeSpan.FromSeconds(5));

    public PeerSetDto PeerSet { get; set; } = new(1, []);

    /// <summary>Non-null: Connect throws a HubException with this message (the protocol-version refusal).</summary>
    public string? RefuseConnect { get; set; }

    /// <summary>Report sequences the hub answers with ResyncRequired.</summary>
    public HashSet<long> ResyncAt { get; } = [];

    /// <summary>Credentials the hub accepts; empty: any.</summary>
    public HashSet<string> Credentials { get; } = [];

    public ConcurrentDictionary<string, HubCallerContext> Connections { get; } = new();

    public void Post(HubEvent e)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _events.Add(e);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public IReadOnlyList<T> All<T>() where T : HubEvent
    {
        lock (_gate)
            return [.. _events.OfType<T>()];
    }

    public int Count<T>() where T : HubEvent => All<T>().Count;

    /// <summary>The <paramref name="nth"/> (1-based) event of type T that matches, awaited for at most 10 s.</summary>
    public async Task<T> WaitForAsync<T>(CancellationToken cancellationToken, Func<T, bool>? match = null, int nth = 1) where T : HubEvent
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var found = _events.OfType<T>().Where(e => match?.Invoke(e) ?? true).Skip(nth - 1).FirstOrDefault();
                if (found is not null)
                    return found;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"the hub saw no {typeof(T).Name} #{nth} within 10 s; it saw: {string.Join(", ", All<HubEvent>())}");
            }
        }
    }

    public void AbortAll()
    {
        foreach (var c in Connections.Values)
            c.Abort();
    }
}
