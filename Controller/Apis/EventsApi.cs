using Babelwire.Controller.Data;
using System.Globalization;
using Babelwire.Controller.Security;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Apis;

public static class EventsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly HashSet<string> Kinds =
    [
        MeshEventKinds.NodeJoined, MeshEventKinds.NodeDisabled, MeshEventKinds.NodeEnabled, MeshEventKinds.NodeDeleted,
        MeshEventKinds.NodeConnected, MeshEventKinds.NodeDisconnected, MeshEventKinds.EndpointChanged,
        MeshEventKinds.LinkUp, MeshEventKinds.LinkDown, MeshEventKinds.RouteChanged, MeshEventKinds.RouteLost,
    ];

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/events").WithTags("Events").RequireAuthorization(AuthorizationPolicies.Admin);
        api.MapGet("/", GetEvents)
            .WithName("GetEvents")
            .WithSummary("The event history, newest first; filter by ?node=, ?kind=, ?since=; page with ?cursor= from nextCursor");
        return app;
    }

    internal static async Task<Results<Ok<PageDto<MeshEventDto>>, ValidationProblem>> GetEvents(
        Guid? node, string? kind, DateTimeOffset? since, string? cursor, int? limit, MeshDbContext db, CancellationToken cancellationToken)
    {
        Dictionary<string, string[]> errors = [];
        if (kind is not null && !Kinds.Contains(kind))
        {
            errors["kind"] = [$"'{kind}' is not an event kind (one of {string.Join(", ", Kinds.Order())})"];
        }
        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                before = id;
            }
            else
            {
                errors["cursor"] = ["not a cursor from a previous page's nextCursor"];
            }
        }
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"must be between 1 and {MaxLimit}"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = db.Events.AsNoTracking();
        if (node is { } nodeId)
        {
            query = query.Where(e => e.NodeId == nodeId || e.PeerNodeId == nodeId);
        }
        if (kind is not null)
        {
            query = query.Where(e => e.Kind == kind);
        }
        if (since is { } from)
        {
            var utc = from.ToUniversalTime();
            query = query.Where(e => e.At >= utc);
        }
        if (before is { } b)
        {
            query = query.Where(e => e.Id < b);
        }
        var items = await query
            .OrderByDescending(e => e.Id)
            .Take(take)
            .Select(e => new MeshEventDto(e.Id, e.At, e.Kind, e.NodeId, e.PeerNodeId, e.Prefix, e.Message))
            .ToListAsync(cancellationToken);
        var next = items.Count == take ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new PageDto<MeshEventDto>(items, next));
    }
}
