using Babelwire.Controller.Services;
using Babelwire.Controller.Services.Topology;

namespace Babelwire.Controller.Extensions;

public static class TopologyExtensions
{
    /// <summary>The live topology (links, routes, peer statistics), its write-behind to PostgreSQL, and event retention.</summary>
    public static IHostApplicationBuilder AddTopologyServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TopologyOptions>().BindConfiguration(TopologyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TopologyDatabase>();
        builder.Services.AddSingleton<TopologyMetrics>();
        builder.Services.AddSingleton<NodeKeyDirectory>();
        builder.Services.AddSingleton<TopologyEventQueue>();
        builder.Services.AddSingleton<TopologyBatchWriter>();
        builder.Services.AddSingleton<TopologyStore>();
        builder.Services.AddSingleton<IAgentStateSink>(services => services.GetRequiredService<TopologyStore>());
        // Registered after the database migration (AddMeshDatabase), so it loads from a current schema.
        builder.Services.AddHostedService<TopologyLoader>();
        builder.Services.AddHostedService<TopologyWriter>();
        builder.Services.AddHostedService<EventRetentionService>();
        return builder;
    }
}
