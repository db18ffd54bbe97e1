using System.Net;

namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>One router in the simulation, with what the simulator has observed of it.</summary>
public sealed class SimNode(int index, BabelRouter router, IReadOnlyList<IPNetwork> prefixes)
{
    public int Index { get; } = index;

    public BabelRouter Router { get; internal set; } = router;

    public IReadOnlyList<IPNetwork> Prefixes { get; } = prefixes;

    public bool Alive { get; internal set; } = true;

    /// <summary>What this router originates now, with the metric it announces (its own prefixes, and any anycast ones).</summary>
    public Dictionary<IPNetwork, ushort> Announced { get; } = [];

    /// <summary>The selected route per prefix, from the latest snapshot taken of this router.</summary>
    public Dictionary<IPNetwork, RouteStatus> Selected { get; } = [];

    /// <summary>Every route in the latest snapshot.</summary>
    public IReadOnlyList<RouteStatus> Routes { get; internal set; } = [];

    /// <summary>The selected routes as the SelectedRouteChange stream describes them (Removed deletes the entry).</summary>
    public Dictionary<IPNetwork, SelectedRouteChange> Streamed { get; } = [];

    public List<(TimeSpan At, SelectedRouteChange Change)> Changes { get; } = [];

    /// <summary>Absolute simulated time of the router's next Poll.</summary>
    internal TimeSpan Due { get; set; }

    public override string ToString() => $"r{Index}";
}
