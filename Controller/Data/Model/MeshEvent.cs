namespace Babelwire.Controller.Data.Model;

/// <summary>An entry of the event history (kinds: Shared.Api.MeshEventKinds); pruned after the retention period.</summary>
public sealed class MeshEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Kind { get; set; }

    public Guid? NodeId { get; set; }

    public Guid? PeerNodeId { get; set; }

    public string? Prefix { get; set; }

    public required string Message { get; set; }
}
