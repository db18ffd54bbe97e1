using Babelwire.Controller.Data.Model;
using Babelwire.Shared.Api;

namespace Babelwire.Controller.Services.Administration;

/// <summary>A node as the REST API and the dashboard show it.</summary>
public static class NodeDtos
{
    public static NodeDto From(Node node, bool online) => new(
        node.Id,
        node.Name,
        node.PublicKey,
        node.Endpoints,
        node.OverlayIPv6.ToString(),
        node.OverlayIPv4.ToString(),
        node.Tags,
        node.Status == NodeStatus.Active ? "active" : "disabled",
        online,
        node.EnrolledAt,
        node.LastSeenAt,
        node.AgentVersion);
}
