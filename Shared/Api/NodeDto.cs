namespace Babelwire.Shared.Api;

/// <summary>A node as the REST API and the dashboard show it.</summary>
/// <param name="Status">"active" or "disabled".</param>
/// <param name="Online">Whether its agent is connected to the hub now.</param>
public sealed record NodeDto(
    Guid Id,
    string Name,
    string PublicKey,
    IReadOnlyList<string> Endpoints,
    string OverlayIPv6,
    string OverlayIPv4,
    IReadOnlyList<string> Tags,
    string Status,
    bool Online,
    DateTimeOffset EnrolledAt,
    DateTimeOffset? LastSeenAt,
    string? AgentVersion);
