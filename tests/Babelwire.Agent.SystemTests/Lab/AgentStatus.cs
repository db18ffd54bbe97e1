using System.Text.Json;
using System.Text.Json.Serialization;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// The agent's <c>status --json</c> report, as this project reads it (Agent/README.md documents the format). Only
/// the fields the tests and the bench use; unknown fields are ignored.
/// </summary>
public sealed record AgentStatus(
    string RouterId,
    AgentStatus.SummaryCounts Summary,
    IReadOnlyList<AgentStatus.Neighbour>? Neighbours,
    IReadOnlyList<AgentStatus.Route>? Routes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static AgentStatus Parse(string json) =>
        JsonSerializer.Deserialize<AgentStatus>(json, Json) ?? throw new JsonException("status --json printed null");

    /// <summary>The selected route for <paramref name="prefix"/>, if any.</summary>
    public Route? Selected(string prefix) => Routes?.FirstOrDefault(r => r.Selected && r.Prefix == prefix);

    public override string ToString() =>
        $"router-id {RouterId}, {Summary}; neighbours: [{string.Join("; ", Neighbours ?? [])}]; routes: [{string.Join("; ", Routes ?? [])}]";

    public sealed record SummaryCounts(int Interfaces, int InterfacesUp, int Neighbours, int Routes, int SelectedRoutes, int Announced);

    public sealed record Neighbour(string Interface, string Address, string Reach, int RxCost, int TxCost, int Cost, double? RttMs);

    public sealed record Route(
        string Prefix, string Source, string Interface, string NextHop, int Metric, int AdvertisedMetric, bool Feasible, bool Selected);
}
