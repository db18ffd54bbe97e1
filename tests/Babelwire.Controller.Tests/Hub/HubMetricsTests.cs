using System.Diagnostics.Metrics;
using Babelwire.Controller.Services;
using Babelwire.Controller.Services.Presence;
using Babelwire.Controller.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Controller.Tests.Hub;

public sealed class HubMetricsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Connected_agents_and_the_peer_set_version_are_published_on_the_controller_meter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("metrics", ct),
            services: s => s.AddSingleton<IAgentStateSink>(new RecordingStateSink()));
        var baseUri = controller.Start();
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await using var agent = await TestAgent.ConnectAsync(baseUri, node, ct);
        var meters = controller.Services.GetRequiredService<IMeterFactory>();
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Tests run in parallel, each controller with its own meter factory: listen to this one's only.
            if (instrument.Meter.Name == HubMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(1, values["babelwire.hub.connected_agents"]);
        Assert.Equal(1, values["babelwire.peer_set.peers"]);
        Assert.Equal(agent.Session!.PeerSet.Version, values["babelwire.peer_set.version"]);
    }
}
