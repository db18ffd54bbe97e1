namespace Babelwire.Shared.Hub;

/// <param name="ProtocolVersion">The agent's <see cref="Shared.ProtocolVersion.Current"/>.</param>
/// <param name="AgentVersion">Informational version of the agent build.</param>
/// <param name="Endpoints">The agent's current underlay endpoints ("address:port"), as at enrolment.</param>
/// <param name="KnownPeerSetDigest">The <see cref="Mesh.PeerSetDto.Digest"/> of the peer set the agent holds, if any:
/// when it is still current, the answer carries no peers (<see cref="AgentSession.PeerSetUnchanged"/>).</param>
public sealed record AgentHello(int ProtocolVersion, string AgentVersion, IReadOnlyList<string> Endpoints, string? KnownPeerSetDigest = null);
