using Babelwire.Shared.Mesh;

namespace Babelwire.Shared.Enrolment;

/// <param name="HubCredential">Bearer credential for <see cref="ControlPlaneRoutes.AgentHub"/>; shown once, the controller keeps only a hash.
/// Re-enrolling the same public key returns the same node and a fresh credential.</param>
/// <param name="OverlayIPv6">The node's /128 from the mesh's ULA /48 ("fd12:3456:789a::5/128").</param>
/// <param name="OverlayIPv4">The node's /32 from the mesh's IPv4 range ("198.18.0.5/32").</param>
public sealed record EnrolmentResponse(
    Guid NodeId,
    string NodeName,
    string HubCredential,
    string OverlayIPv6,
    string OverlayIPv4,
    IReadOnlyList<string> Tags,
    MeshSettingsDto Settings);
