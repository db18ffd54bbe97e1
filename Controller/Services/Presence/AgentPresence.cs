using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Controller.Services.Presence;

/// <summary>Which nodes have an agent with an open session, and that session's connection: one per node.</summary>
public sealed class AgentPresence
{
    private readonly ConcurrentDictionary<Guid, HubCallerContext> _connections = new();

    public int Count => _connections.Count;

    public bool IsOnline(Guid nodeId) => _connections.ContainsKey(nodeId);

    /// <summary>Makes <paramref name="connection"/> the node's session; returns the one it replaces, if any.</summary>
    public HubCallerContext? Register(Guid nodeId, HubCallerContext connection)
    {
        HubCallerContext? replaced = null;
        _connections.AddOrUpdate(nodeId, connection, (_, previous) =>
        {
            replaced = previous.ConnectionId == connection.ConnectionId ? null : previous;
            return connection;
        });
        return replaced;
    }

    /// <summary>Ends the node's session if <paramref name="connectionId"/> is still it (a replaced connection is not).</summary>
    public bool Unregister(Guid nodeId, string connectionId) =>
        _connections.TryGetValue(nodeId, out var current) && current.ConnectionId == connectionId
        && _connections.TryRemove(new KeyValuePair<Guid, HubCallerContext>(nodeId, current));

    public HubCallerContext? Find(Guid nodeId) => _connections.TryGetValue(nodeId, out var connection) ? connection : null;
}
