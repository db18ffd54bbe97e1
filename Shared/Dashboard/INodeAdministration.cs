using Babelwire.Shared.Api;

namespace Babelwire.Shared.Dashboard;

/// <summary>What the dashboard reads and does to one node beyond the live <see cref="MeshView"/>.</summary>
public interface INodeAdministration
{
    /// <summary>The node's WireGuard peers with handshake times and transfer counters, as its agent last reported them.</summary>
    Task<AdminResult<NodePeerStatisticsDto>> GetPeerStatisticsAsync(Guid nodeId, CancellationToken cancellationToken);

    /// <summary>Takes the node out of every peer set and disconnects its agent (the REST API's disable).</summary>
    Task<AdminResult<NodeDto>> DisableAsync(Guid nodeId, CancellationToken cancellationToken);

    Task<AdminResult<NodeDto>> EnableAsync(Guid nodeId, CancellationToken cancellationToken);

    /// <summary>Deletes the node with its links, routes and statistics (the REST API's delete).</summary>
    Task<AdminResult<Done>> DeleteAsync(Guid nodeId, CancellationToken cancellationToken);
}
