namespace Babelwire.Shared.Api;

/// <summary>One entry of the event history.</summary>
/// <param name="Kind">One of <see cref="MeshEventKinds"/>.</param>
public sealed record MeshEventDto(
    long Id,
    DateTimeOffset At,
    string Kind,
    Guid? NodeId,
    Guid? PeerNodeId,
    string? Prefix,
    string Message);
