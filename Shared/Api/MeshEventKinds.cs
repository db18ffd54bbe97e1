namespace Babelwire.Shared.Api;

/// <summary>The kinds of <see cref="MeshEventDto"/>.</summary>
public static class MeshEventKinds
{
    public const string NodeJoined = "node-joined";
    public const string NodeDisabled = "node-disabled";
    public const string NodeEnabled = "node-enabled";
    public const string NodeDeleted = "node-deleted";
    public const string NodeConnected = "node-connected";
    public const string NodeDisconnected = "node-disconnected";
    public const string EndpointChanged = "endpoint-changed";
    public const string LinkUp = "link-up";
    public const string LinkDown = "link-down";
    public const string RouteChanged = "route-changed";
    public const string RouteLost = "route-lost";
}
