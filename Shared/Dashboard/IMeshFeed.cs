namespace Babelwire.Shared.Dashboard;

/// <summary>The live mesh, for the dashboard: the current snapshot and a change feed.</summary>
public interface IMeshFeed
{
    /// <summary>The latest snapshot; never null (an empty mesh is a view with no nodes).</summary>
    MeshView Current { get; }

    /// <summary>
    /// Calls <paramref name="onChanged"/> with each newer snapshot. Changes are coalesced: a burst of reports is one
    /// call, at most a few per second, and a slow subscriber only ever gets the newest snapshot. Dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(Func<MeshView, Task> onChanged);
}
