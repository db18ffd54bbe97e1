using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Bench.Mesh;

namespace Babelwire.Bench.Outage;

/// <summary>
/// Ours: three agents in WireGuard mode on the triangle, one wireguard-go interface each with the two other hosts
/// as peers (endpoints on the link towards each), each announcing its overlay addresses (2001:db8:ff::N/128 and
/// 198.18.0.N/32). The probe runs over the overlay, so a cut of the A–C underlay must be routed around through B's
/// interface (in and out of the same WireGuard interface there).
/// </summary>
internal static class AgentTriangle
{
    public static Func<NetworkLab, CancellationToken, Task<TriangleUnderTest>> SetUp(string agentDll, TimeSpan helloInterval) =>
        async (lab, cancellationToken) =>
        {
            var triangle = await Triangle.CreateAsync(lab, cancellationToken);
            var nodes = new[] { WireGuardNode.Create('a', 1), WireGuardNode.Create('b', 2), WireGuardNode.Create('c', 3) };
            var agents = new Dictionary<char, WireGuardAgent>();
            try
            {
                foreach (var node in nodes)
                {
                    var peers = nodes.Where(n => n != node).Select(n => new WireGuardAgent.Peer(n, Triangle.UnderlayAddress(n.Name, node.Name)));
                    agents[node.Name] = await WireGuardAgent.StartAsync(
                        lab, triangle.Host(node.Name), agentDll, node, peers, helloInterval, [], cancellationToken);
                }
            }
            catch
            {
                await StopAsync(agents.Values, nodes);
                throw;
            }

            var (a, c) = (nodes[0], nodes[2]);
            return new TriangleUnderTest(
                triangle.A, Triangle.AToC, c.OverlayV6, DirectTtl: 64,
                async ct => await agents['a'].RoutesToAsync($"{c.OverlayV6}/128", ct) >= 2
                    && await agents['c'].RoutesToAsync($"{a.OverlayV6}/128", ct) >= 2)
            {
                Teardown = () => StopAsync(agents.Values, nodes),
            };
        };

    /// <summary>SIGTERM first, so each agent stops its wireguard-go (which removes its UAPI socket); then any socket left.</summary>
    private static async Task StopAsync(IEnumerable<WireGuardAgent> agents, IEnumerable<WireGuardNode> nodes)
    {
        await Task.WhenAll(agents.Select(a => a.Process.StopAsync(TimeSpan.FromSeconds(5))));
        WireGuardCleanup.DeleteSockets(nodes);
    }
}
