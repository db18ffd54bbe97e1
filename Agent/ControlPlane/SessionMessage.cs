using Babelwire.Shared.Mesh;

namespace Babelwire.Agent.ControlPlane;

/// <summary>What the hub's callbacks and the connection hand to the session loop, in arrival order.</summary>
internal abstract record SessionMessage
{
    public sealed record PeerSetChanged(PeerSetDeltaDto Delta) : SessionMessage;

    public sealed record SettingsChanged(MeshSettingsDto Settings) : SessionMessage;

    public sealed record Revoked(string Reason) : SessionMessage;

    public sealed record Closed(Exception? Error) : SessionMessage;
}
