namespace Babelwire.Controller.Extensions;

public static class TopologyExtensions
{
    /// <summary>The live topology (links, routes, peer statistics), its write-behind to PostgreSQL, and event retention.</summary>
    public static IHostApplicationBuilder AddTopologyServices(this IHostApplicationBuilder builder) => builder;
}
