using System.Globalization;
using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Administration;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Babelwire.Controller.Apis;

public static class EventsApi
{
    public const int DefaultLimit = MeshEventLog.DefaultLimit;
    public const int MaxLimit = MeshEventLog.MaxLimit;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/events").WithTags("Events").RequireAuthorization(AuthorizationPolicies.Admin);
        api.MapGet("/", GetEvents)
            .WithName("GetEvents")
            .WithSummary("The event history, newest first; filter by ?node=, ?kind=, ?since=; page with ?cursor= from nextCursor");
        return app;
    }

    internal static async Task<Results<Ok<PageDto<MeshEventDto>>, ValidationProblem>> GetEvents(
        Guid? node, string? kind, DateTimeOffset? since, string? cursor, int? limit, MeshEventLog log, CancellationToken cancellationToken)
    {
        long? before = null;
        var cursorValid = true;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                before = id;
            }
            else
            {
                cursorValid = false;
            }
        }
        var query = new MeshEventQuery(node, kind is null ? null : [kind], since, before, limit ?? DefaultLimit);
        var errors = MeshEventLog.Validate(query);
        if (!cursorValid)
        {
            errors["cursor"] = ["not a cursor from a previous page's nextCursor"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var page = await log.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(page.Value!);
    }
}
