using System.Net;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Outage;

/// <summary>
/// A triangle with its routers running: the probe goes from <paramref name="Source"/> to <paramref name="Target"/>;
/// the cut drops <paramref name="CutInterface"/> in the source; a reply on the direct path arrives with
/// <paramref name="DirectTtl"/> (one less through the relay). <paramref name="AlternatesKnown"/> says whether both
/// ends already know the route through the relay, so that a cut measures failover, not first learning.
/// </summary>
internal sealed record TriangleUnderTest(
    NetNamespace Source, string CutInterface, IPAddress Target, int DirectTtl, Func<CancellationToken, Task<bool>> AlternatesKnown)
{
    /// <summary>Stops the routers gracefully before the lab is torn down (which kills whatever is left).</summary>
    public Func<Task>? Teardown { get; init; }
}
