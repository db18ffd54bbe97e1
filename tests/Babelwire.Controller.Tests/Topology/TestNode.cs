using Babelwire.Controller.Data;
using System.Net;
using System.Security.Cryptography;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.State;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Controller.Tests.Topology;

/// <summary>A node created directly in the database (enrolment is not what these tests are about), with the
/// addresses its agent and its peers would report.</summary>
internal sealed record TestNode(Guid Id, string PublicKey, string LinkLocal, string OverlayIPv6, string OverlayIPv4)
{
    public string HostRouteV6 => OverlayIPv6 + "/128";

    public string HostRouteV4 => OverlayIPv4 + "/32";

    /// <summary>How another node's agent reports this node as its neighbour.</summary>
    public NeighbourStateDto AsNeighbour(int cost, double? rtt = null) => new(LinkLocal, PublicKey, "wg0", cost, cost, cost, rtt);

    /// <summary>A route to <paramref name="destination"/>'s overlay /128 through this node.</summary>
    public RouteStateDto AsNextHopTo(TestNode destination, int metric) =>
        new(destination.HostRouteV6, metric, RouterIdOf(destination), LinkLocal, PublicKey, true);

    public PeerStatsDto AsPeer(long received, long sent, string endpoint = "192.0.2.1:51820") =>
        new(PublicKey, endpoint, DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), received, sent);

    public static string RouterIdOf(TestNode node) => string.Join(':', node.Id.ToByteArray()[..8].Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    public static async Task<IReadOnlyList<TestNode>> CreateAsync(ControllerFactory controller, int count, CancellationToken cancellationToken)
    {
        await using var scope = controller.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeshDbContext>();
        List<TestNode> nodes = [];
        for (var i = 1; i <= count; i++)
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var node = new TestNode(Guid.NewGuid(), key, $"fe80::{i:x}", $"fd00:b:1::{i:x}", $"198.18.{i / 256}.{i % 256}");
            db.Nodes.Add(new Node
            {
                Id = node.Id,
                Name = $"node-{i}",
                PublicKey = key,
                LinkLocal = IPAddress.Parse(node.LinkLocal),
                OverlayIPv6 = IPAddress.Parse(node.OverlayIPv6),
                OverlayIPv4 = IPAddress.Parse(node.OverlayIPv4),
                HubCredentialHash = RandomNumberGenerator.GetBytes(32),
                EnrolledAt = DateTimeOffset.UtcNow,
            });
            nodes.Add(node);
        }
        await db.SaveChangesAsync(cancellationToken);
        return nodes;
    }
}
