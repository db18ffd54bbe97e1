using Babelwire.Shared.Api;

namespace Babelwire.Shared.Dashboard;

/// <summary>
/// The whole mesh as the dashboard draws it, one immutable snapshot taken from the controller's live topology.
/// A newer snapshot replaces an older one; <paramref name="Version"/> only grows within one controller process.
/// </summary>
/// <param name="DatabaseAvailable">False while the controller cannot reach PostgreSQL: the live topology still comes
/// from the agents, but nothing can be changed and history cannot be read.</param>
/// <param name="Nodes">Every enrolled node, including disabled and offline ones.</param>
/// <param name="Links">Each pair of Babel neighbours once. A link that went down stays, with <c>Up</c> false, for as
/// long as both of its nodes exist.</param>
/// <param name="Routes">Every selected route every node last reported.</param>
public sealed record MeshView(
    long Version,
    DateTimeOffset At,
    bool DatabaseAvailable,
    IReadOnlyList<NodeDto> Nodes,
    IReadOnlyList<LinkDto> Links,
    IReadOnlyList<MeshRouteDto> Routes);
