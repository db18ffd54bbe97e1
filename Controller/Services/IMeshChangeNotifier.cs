using Babelwire.Shared.Mesh;

namespace Babelwire.Controller.Services;

/// <summary>
/// How the rest of the controller tells connected agents that the mesh changed; the agent hub implements it
/// (peer-set deltas, settings pushes). Call it after the change is committed to the database.
/// </summary>
public interface IMeshChangeNotifier
{
    /// <summary>The node joined, was re-enabled, or changed endpoints or AllowedIPs: every agent gets it as an upsert.</summary>
    Task NodeChangedAsync(Guid nodeId, CancellationToken cancellationToken);

    /// <summary>The node was disabled or deleted: every agent loses the peer, and the node's own agent is told and disconnected.</summary>
    Task NodeRemovedAsync(Guid nodeId, string publicKey, string reason, CancellationToken cancellationToken);

    Task SettingsChangedAsync(MeshSettingsDto settings, CancellationToken cancellationToken);
}
