using System.Net.Http.Json;
using Babelwire.Controller.Services;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Api;
using Babelwire.Shared.State;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Babelwire.Controller.Tests.Topology;

internal static class TopologyTestExtensions
{
    public static IAgentStateSink Sink(this ControllerFactory controller) => controller.Services.GetRequiredService<IAgentStateSink>();

    public static AgentStateDto Full(long sequence, IReadOnlyList<NeighbourStateDto>? neighbours = null,
        IReadOnlyList<RouteStateDto>? routes = null, IReadOnlyList<PeerStatsDto>? peers = null) =>
        new(sequence, "test-agent 1.0", neighbours ?? [], routes ?? [], peers ?? []);

    public static AgentStateDeltaDto Delta(long sequence,
        IReadOnlyList<NeighbourStateDto>? neighbours = null, IReadOnlyList<string>? neighboursRemoved = null,
        IReadOnlyList<RouteStateDto>? routes = null, IReadOnlyList<string>? routesRemoved = null,
        IReadOnlyList<PeerStatsDto>? peers = null, IReadOnlyList<string>? peersRemoved = null) =>
        new(sequence, neighbours ?? [], neighboursRemoved ?? [], routes ?? [], routesRemoved ?? [], peers ?? [], peersRemoved ?? []);

    public static async Task<IReadOnlyList<LinkDto>> GetLinksAsync(this HttpClient client, string query, CancellationToken cancellationToken) =>
        (await client.GetFromJsonAsync<List<LinkDto>>("/api/v1/links" + query, cancellationToken))!;

    public static async Task<IReadOnlyList<MeshRouteDto>> GetRoutesAsync(this HttpClient client, string query, CancellationToken cancellationToken) =>
        (await client.GetFromJsonAsync<List<MeshRouteDto>>("/api/v1/routes" + query, cancellationToken))!;

    public static async Task<NodePeerStatisticsDto> GetPeersAsync(this HttpClient client, Guid node, CancellationToken cancellationToken) =>
        (await client.GetFromJsonAsync<NodePeerStatisticsDto>($"/api/v1/nodes/{node}/peers", cancellationToken))!;

    public static async Task<PageDto<MeshEventDto>> GetEventsAsync(this HttpClient client, string query, CancellationToken cancellationToken) =>
        (await client.GetFromJsonAsync<PageDto<MeshEventDto>>("/api/v1/events" + query, cancellationToken))!;

    public static async Task<long> CountAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; bounded in time, fails with <paramref name="what"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // The database may still be coming back.
            }
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Timed out waiting for {what}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
