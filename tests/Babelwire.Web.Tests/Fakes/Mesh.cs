using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Web.Tests.Fakes;

/// <summary>Builders for views, nodes, links and routes in tests.</summary>
internal static class Mesh
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static MeshView View(long version = 1, bool database = true, IReadOnlyList<NodeDto>? nodes = null,
        IReadOnlyList<LinkDto>? links = null, IReadOnlyList<MeshRouteDto>? routes = null) =>
        new(version, At, database, nodes ?? [], links ?? [], routes ?? []);

    public static NodeDto Node(int n, string? name = null, bool online = true, bool disabled = false, params string[] tags) => new(
        Id(n), name ?? $"node-{n}", $"key{n}=", [$"192.0.2.{n}:51820"], $"fd00::{n:x}", $"198.18.0.{n}", tags,
        disabled ? "disabled" : "active", online, At, online ? At : null, "1.0.0");

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:x12}");

    public static LinkDto Link(int a, int b, int costA = 96, int costB = 96, bool up = true) =>
        new(Id(a), Id(b), Side(costA), Side(costB), up);

    public static LinkSideDto Side(int cost, double? rtt = 1.5) => new(cost, 96, 96, rtt, At);

    /// <summary>A route on node <paramref name="at"/> to node <paramref name="to"/>'s /128 via node <paramref name="via"/> (null: unknown).</summary>
    public static MeshRouteDto Route(int at, int to, int? via, string? prefix = null) =>
        new(Id(at), prefix ?? $"fd00::{to:x}/128", 96, "02:00:00:00:00:00:00:01", "fe80::1", via is { } v ? Id(v) : null, true, At);

    public static MeshRouteDto Route4(int at, int to, int? via) =>
        new(Id(at), $"198.18.0.{to}/32", 96, "02:00:00:00:00:00:00:01", "fe80::1", via is { } v ? Id(v) : null, true, At);
}
