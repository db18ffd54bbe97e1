namespace Babelwire.Shared.Mesh;

/// <summary>Mesh-wide settings every agent gets at enrolment and on connect.</summary>
/// <param name="OverlayIPv6Prefix">The mesh's ULA /48.</param>
/// <param name="OverlayIPv4Prefix">The range IPv4 /32s are allocated from.</param>
/// <param name="StateReportInterval">How often an agent sends a state delta (when something changed).</param>
public sealed record MeshSettingsDto(string OverlayIPv6Prefix, string OverlayIPv4Prefix, TimeSpan StateReportInterval);
