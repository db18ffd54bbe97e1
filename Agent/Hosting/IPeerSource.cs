using Babelwire.Agent.Routing;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// The peers the WireGuard interface must have: today the config file's static list, later the controller's peer
/// set, through this same input. <see cref="Changed"/> fires when the set is replaced.
/// </summary>
public interface IPeerSource
{
    IReadOnlyList<WireGuardPeer> Peers { get; }

    event Action? Changed;
}
