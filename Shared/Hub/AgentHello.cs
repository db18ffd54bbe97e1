namespace Babelwire.Shared.Hub;

/// <param name="ProtocolVersion">The agent's <see cref="Shared.ProtocolVersion.Current"/>.</param>
/// <param name="AgentVersion">Informational version of the agent build.</param>
/// <param name="Endpoints">The agent's current underlay endpoints ("address:port"), as at enrolment.</param>
public sealed record AgentHello(int ProtocolVersion, string AgentVersion, IReadOnlyList<string> Endpoints);
