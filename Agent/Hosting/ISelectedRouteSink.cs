using Babelwire.Agent.Babel;

namespace Babelwire.Agent.Hosting;

/// <summary>Takes the engine's selected-route changes after each loop turn. Must not block and must not drop them.</summary>
public interface ISelectedRouteSink
{
    void Submit(IReadOnlyList<SelectedRouteChange> changes);
}
