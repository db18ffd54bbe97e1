namespace Babelwire.Shared.Dashboard;

/// <summary>A filter over the event history, newest first (the REST API's <c>GET /api/v1/events</c>).</summary>
/// <param name="Kinds">Only these kinds (<see cref="Api.MeshEventKinds"/>); empty: all.</param>
/// <param name="Before">Only events with a smaller id (paging); null: from the newest.</param>
/// <param name="Limit">1 to 1000.</param>
public sealed record MeshEventQuery(
    Guid? NodeId = null,
    IReadOnlyList<string>? Kinds = null,
    DateTimeOffset? Since = null,
    long? Before = null,
    int Limit = 100);
