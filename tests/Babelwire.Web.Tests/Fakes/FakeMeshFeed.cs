using Babelwire.Shared.Dashboard;

namespace Babelwire.Web.Tests.Fakes;

internal sealed class FakeMeshFeed(MeshView current) : IMeshFeed
{
    private readonly List<Func<MeshView, Task>> _subscribers = [];

    public MeshView Current { get; private set; } = current;

    public int Subscribers => _subscribers.Count;

    public IDisposable Subscribe(Func<MeshView, Task> onChanged)
    {
        _subscribers.Add(onChanged);
        return new Unsubscriber(() => _subscribers.Remove(onChanged));
    }

    public async Task PublishAsync(MeshView view)
    {
        Current = view;
        foreach (var subscriber in _subscribers.ToList())
            await subscriber(view);
    }

    private sealed class Unsubscriber(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
