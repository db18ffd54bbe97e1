using System.Diagnostics.Metrics;
using Babelwire.Controller.Services.PeerSets;

namespace Babelwire.Controller.Services.Presence;

/// <summary>The hub's instruments on the "Babelwire.Controller" meter: connected agents, peer-set size and version.</summary>
public sealed class HubMetrics
{
    public const string MeterName = "Babelwire.Controller";

    public HubMetrics(IMeterFactory meters, AgentPresence presence, PeerSetService peerSets)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("babelwire.hub.connected_agents", () => presence.Count, "{agent}", "Agents with an open hub session");
        meter.CreateObservableGauge("babelwire.peer_set.peers", () => peerSets.Count, "{peer}", "Active nodes in the peer set");
        meter.CreateObservableGauge("babelwire.peer_set.version", () => peerSets.Version, null, "The peer set's current version");
    }
}
