namespace Babelwire.Shared.Enrolment;

/// <param name="Token">The enrolment token given by an admin.</param>
/// <param name="PublicKey">The agent's WireGuard public key, base64 (44 characters).</param>
/// <param name="Hostname">Proposed node name; the controller makes it unique.</param>
/// <param name="Endpoints">Underlay endpoints peers may reach the node at ("192.0.2.1:51820", "[2001:db8::1]:51820"); may be empty.</param>
/// <param name="LinkLocal">The fe80::/64 address the agent derives from its public key; its peers put it in AllowedIPs.</param>
public sealed record EnrolmentRequest(
    string Token,
    string PublicKey,
    string Hostname,
    IReadOnlyList<string> Endpoints,
    string LinkLocal,
    string AgentVersion,
    int ProtocolVersion);
