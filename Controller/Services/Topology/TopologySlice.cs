using Babelwire.Shared.Api;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// One node's part of the live view, copied under its lock: its selected routes and, per neighbouring node, the link
/// side it reports (the cheaper one when it reports two neighbour entries for one node).
/// </summary>
/// <param name="Stale">The node's agent is not connected (or has not reported since a restart): what it last reported is kept, not confirmed.</param>
internal sealed record TopologySlice(Guid NodeId, bool Stale, IReadOnlyList<MeshRouteDto> Routes, IReadOnlyDictionary<Guid, LinkSideDto> Sides);
