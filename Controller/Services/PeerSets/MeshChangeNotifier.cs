using Babelwire.Controller.Hubs;
using Babelwire.Controller.Services.Presence;
using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Controller.Services.PeerSets;

/// <summary>The hub's side of <see cref="IMeshChangeNotifier"/>: peer-set deltas, revocations and settings pushes.</summary>
public sealed class MeshChangeNotifier(
    PeerSetService peerSets, AgentPresence presence, IHubContext<AgentHub, IAgentClient> hub, TimeProvider time, ILogger<MeshChangeNotifier> logger)
    : IMeshChangeNotifier
{
    // The change is committed when these are called: a caller that gives up (an admin's request aborted) must not
    // leave it out of the peer set, so the peer-set update itself is not cancelled.
    public Task NodeChangedAsync(Guid nodeId, CancellationToken cancellationToken) => peerSets.RefreshNodeAsync(nodeId, CancellationToken.None);

    public async Task NodeRemovedAsync(Guid nodeId, string publicKey, string reason, CancellationToken cancellationToken)
    {
        await peerSets.RemoveAsync(nodeId, publicKey, CancellationToken.None);
        await RevokeAsync(nodeId, reason, cancellationToken);
    }

    public Task SettingsChangedAsync(MeshSettingsDto settings, CancellationToken cancellationToken) =>
        hub.Clients.Group(PeerSetService.AgentsGroup).MeshSettingsChanged(settings);

    /// <summary>Tells the node's agents it was revoked (every connection of the node), then closes its session's connection.</summary>
    internal async Task RevokeAsync(Guid nodeId, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await hub.Clients.User(nodeId.ToString()).NodeRevoked(reason).WaitAsync(cancellationToken);
        }
        finally
        {
            if (presence.Find(nodeId) is { } connection)
            {
                logger.NodeRevoked(nodeId, reason);
                AgentHub.CloseAfterGrace(connection, time);
            }
        }
    }
}
