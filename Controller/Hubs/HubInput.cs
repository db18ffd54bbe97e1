using System.Net;
using Babelwire.Shared.Hub;
using Babelwire.Shared.State;

namespace Babelwire.Controller.Hubs;

/// <summary>
/// Checks what agents send before anything is stored or forwarded: no nulls where the contract has none, bounded
/// list lengths and string sizes, parseable endpoints. Each check returns the first problem, or null.
/// </summary>
internal static class HubInput
{
    public const int MaxEndpoints = 16;
    /// <summary>Per list: a full-mesh agent reports one peer-statistics item per node, so this bounds the mesh size the
    /// hub accepts reports from (the benchmark is 5,000 nodes).</summary>
    public const int MaxItems = 16_384;

    /// <summary>SignalR's receive limit: a full report at <see cref="MaxItems"/> items of each kind fits.</summary>
    public const long MaxMessageBytes = 8 * 1024 * 1024;
    private const int MaxText = 64;

    public static string? CheckHello(AgentHello? hello) =>
        hello is null ? "hello is missing"
        : hello.AgentVersion is null || hello.AgentVersion.Length > MaxText ? $"AgentVersion is missing or longer than {MaxText} characters"
        : CheckEndpoints(hello.Endpoints);

    public static string? CheckEndpoints(IReadOnlyList<string>? endpoints)
    {
        if (endpoints is null)
        {
            return "Endpoints is missing";
        }
        if (endpoints.Count > MaxEndpoints)
        {
            return $"at most {MaxEndpoints} endpoints";
        }
        foreach (var endpoint in endpoints)
        {
            if (endpoint is null || endpoint.Length > MaxText || !IPEndPoint.TryParse(endpoint, out var parsed) || parsed.Port == 0)
            {
                return $"'{Truncate(endpoint)}' is not an endpoint (address:port)";
            }
        }
        return endpoints.Distinct().Count() == endpoints.Count ? null : "endpoints repeat";
    }

    public static string? CheckState(AgentStateDto? state) =>
        state is null ? "state is missing"
        : state.Sequence < 0 ? "Sequence is negative"
        : state.AgentVersion is null || state.AgentVersion.Length > MaxText ? $"AgentVersion is missing or longer than {MaxText} characters"
        : CheckList(state.Neighbours, nameof(state.Neighbours), CheckNeighbour)
          ?? CheckList(state.Routes, nameof(state.Routes), CheckRoute)
          ?? CheckList(state.Peers, nameof(state.Peers), CheckPeer);

    public static string? CheckDelta(AgentStateDeltaDto? delta) =>
        delta is null ? "delta is missing"
        : delta.Sequence < 0 ? "Sequence is negative"
        : CheckList(delta.NeighboursUpserted, nameof(delta.NeighboursUpserted), CheckNeighbour)
          ?? CheckList(delta.NeighboursRemoved, nameof(delta.NeighboursRemoved), CheckKey)
          ?? CheckList(delta.RoutesUpserted, nameof(delta.RoutesUpserted), CheckRoute)
          ?? CheckList(delta.RoutesRemoved, nameof(delta.RoutesRemoved), CheckKey)
          ?? CheckList(delta.PeersUpserted, nameof(delta.PeersUpserted), CheckPeer)
          ?? CheckList(delta.PeersRemoved, nameof(delta.PeersRemoved), CheckKey);

    private static string? CheckList<T>(IReadOnlyList<T>? items, string name, Func<T, string?> check)
    {
        if (items is null)
        {
            return $"{name} is missing";
        }
        if (items.Count > MaxItems)
        {
            return $"{name}: at most {MaxItems} items";
        }
        foreach (var item in items)
        {
            if (item is null)
            {
                return $"{name}: an item is null";
            }
            if (check(item) is { } problem)
            {
                return $"{name}: {problem}";
            }
        }
        return null;
    }

    private static string? CheckKey(string key) => Text(key, "key");

    private static string? CheckNeighbour(NeighbourStateDto n) =>
        Text(n.Address, nameof(n.Address)) ?? Text(n.Interface, nameof(n.Interface)) ?? OptionalText(n.PeerPublicKey, nameof(n.PeerPublicKey))
        ?? (n.Cost is < 0 or > ushort.MaxValue || n.RxCost is < 0 or > ushort.MaxValue || n.TxCost is < 0 or > ushort.MaxValue ? "a cost is outside 0-65535" : null)
        ?? (n.RttMilliseconds is { } rtt && (!double.IsFinite(rtt) || rtt < 0) ? "RttMilliseconds is not a finite non-negative number" : null);

    private static string? CheckRoute(RouteStateDto r) =>
        Text(r.Prefix, nameof(r.Prefix)) ?? Text(r.RouterId, nameof(r.RouterId)) ?? Text(r.NextHop, nameof(r.NextHop))
        ?? OptionalText(r.NextHopPeerPublicKey, nameof(r.NextHopPeerPublicKey))
        ?? (r.Metric is < 0 or > ushort.MaxValue ? "Metric is outside 0-65535" : null);

    private static string? CheckPeer(PeerStatsDto p) =>
        Text(p.PublicKey, nameof(p.PublicKey)) ?? OptionalText(p.Endpoint, nameof(p.Endpoint))
        ?? (p.ReceivedBytes < 0 || p.SentBytes < 0 ? "byte counters are negative" : null);

    private static string? Text(string? value, string name) =>
        string.IsNullOrEmpty(value) || value.Length > MaxText ? $"{name} is missing or longer than {MaxText} characters" : null;

    private static string? OptionalText(string? value, string name) =>
        value is { Length: > MaxText } ? $"{name} is longer than {MaxText} characters" : null;

    private static string Truncate(string? value) => value is null ? "null" : value.Length > MaxText ? value[..MaxText] + "…" : value;
}
