using Babelwire.Controller.Data;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Services.Administration;

/// <summary>The event history query behind the REST API's <c>GET /api/v1/events</c> and the dashboard's timeline.</summary>
internal sealed class MeshEventLog(MeshDbContext db, AdminGuard guard) : IMeshEventLog
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly HashSet<string> Kinds =
    [
        MeshEventKinds.NodeJoined, MeshEventKinds.NodeDisabled, MeshEventKinds.NodeEnabled, MeshEventKinds.NodeDeleted,
        MeshEventKinds.NodeConnected, MeshEventKinds.NodeDisconnected, MeshEventKinds.EndpointChanged,
        MeshEventKinds.LinkUp, MeshEventKinds.LinkDown, MeshEventKinds.RouteChanged, MeshEventKinds.RouteLost,
    ];

    /// <summary>Per-field problems of the query ("kind", "before", "limit"); empty when it is fine.</summary>
    public static Dictionary<string, string[]> Validate(MeshEventQuery query)
    {
        Dictionary<string, string[]> errors = [];
        var unknown = (query.Kinds ?? []).Where(k => k is null || !Kinds.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            errors["kind"] = [.. unknown.Select(k => $"'{k}' is not an event kind (one of {string.Join(", ", Kinds.Order())})")];
        }
        if (query.Before is <= 0)
        {
            errors["before"] = ["must be a positive event id"];
        }
        if (query.Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"must be between 1 and {MaxLimit}"];
        }
        return errors;
    }

    public async Task<AdminResult<PageDto<MeshEventDto>>> QueryAsync(MeshEventQuery query, CancellationToken cancellationToken)
    {
        var errors = Validate(query);
        if (errors.Count > 0)
        {
            return AdminProblems.Fail<PageDto<MeshEventDto>>(AdminProblems.Invalid("Invalid event query", errors));
        }
        var events = db.Events.AsNoTracking();
        if (query.NodeId is { } nodeId)
        {
            events = events.Where(e => e.NodeId == nodeId || e.PeerNodeId == nodeId);
        }
        if (query.Kinds is { Count: > 0 } kinds)
        {
            var wanted = kinds.ToList();
            events = wanted.Count == 1 ? events.Where(e => e.Kind == wanted[0]) : events.Where(e => wanted.Contains(e.Kind));
        }
        if (query.Since is { } from)
        {
            var utc = from.ToUniversalTime();
            events = events.Where(e => e.At >= utc);
        }
        if (query.Before is { } before)
        {
            events = events.Where(e => e.Id < before);
        }
        var items = await events
            .OrderByDescending(e => e.Id)
            .Take(query.Limit)
            .Select(e => new MeshEventDto(e.Id, e.At, e.Kind, e.NodeId, e.PeerNodeId, e.Prefix, e.Message))
            .ToListAsync(cancellationToken);
        var next = items.Count == query.Limit ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return AdminResult<PageDto<MeshEventDto>>.Ok(new PageDto<MeshEventDto>(items, next));
    }

    Task<AdminResult<PageDto<MeshEventDto>>> IMeshEventLog.QueryAsync(MeshEventQuery query, CancellationToken cancellationToken) =>
        guard.RunAsync(() => QueryAsync(query, cancellationToken));
}
