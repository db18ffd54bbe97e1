using System.Diagnostics;
using System.Diagnostics.Metrics;
using Babelwire.Controller.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Babelwire.Controller.Tests.Topology.TopologyTestExtensions;

namespace Babelwire.Controller.Tests.Topology;

public sealed class WriteBehindSanityTests(PostgresFixture postgres)
{
    private const int Nodes = 200;
    private const int DeltasPerNode = 25;

    [Fact]
    public async Task Many_reports_coalesce_into_few_batches_and_all_reach_the_database()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("topology", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        var nodes = await TestNode.CreateAsync(controller, Nodes, ct);
        var sink = controller.Sink();
        long batches = 0, rows = 0;
        using var listener = Listen(controller.Services.GetRequiredService<IMeterFactory>(), (name, value) =>
        {
            if (name == "babelwire.topology.batches")
            {
                Interlocked.Add(ref batches, value);
            }
            else if (name == "babelwire.topology.rows_written")
            {
                Interlocked.Add(ref rows, value);
            }
        });

        // Each simulated agent: a full report (3 neighbours, routes to all of them, peer stats), then deltas that move
        // its counters and one route's metric, one call at a time per node as the hub makes them.
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Nodes), new ParallelOptions { CancellationToken = ct }, async (i, token) =>
        {
            var self = nodes[i];
            var neighbours = Enumerable.Range(1, 3).Select(k => nodes[(i + k) % Nodes]).ToList();
            await sink.AcceptFullAsync(self.Id, Full(0, [.. neighbours.Select(n => n.AsNeighbour(96))],
                [.. neighbours.Select(n => n.AsNextHopTo(n, 96))], [.. neighbours.Select(n => n.AsPeer(0, 0))]), token);
            for (var s = 1; s <= DeltasPerNode; s++)
            {
                var ack = await sink.AcceptDeltaAsync(self.Id, Delta(s,
                    routes: [neighbours[0].AsNextHopTo(neighbours[1], 96 + s)],
                    peers: [.. neighbours.Select(n => n.AsPeer(s * 1000, s * 500))]), token);
                Assert.False(ack.ResyncRequired);
            }
        });
        var elapsed = clock.Elapsed;
        var reports = Nodes * (DeltasPerNode + 1);
        clock.Restart();

        await EventuallyAsync(async () => await CountAsync(connectionString,
            $"SELECT count(*) FROM routes WHERE metric = {96 + DeltasPerNode}", ct) == Nodes
            && await CountAsync(connectionString, $"SELECT count(*) FROM peer_statistics WHERE received_bytes = {DeltasPerNode * 1000}", ct) == Nodes * 3,
            "the last values of every node to be written", ct, TimeSpan.FromSeconds(60));
        var persisted = clock.Elapsed;

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{reports} reports in {elapsed.TotalMilliseconds:F0} ms ({reports / elapsed.TotalSeconds:F0}/s absorbed by the store), {Interlocked.Read(ref batches)} batches, {Interlocked.Read(ref rows)} rows written, all persisted {persisted.TotalMilliseconds:F0} ms after the last report");
        Assert.Equal(Nodes * 3, await CountAsync(connectionString, "SELECT count(*) FROM adjacencies", ct));
        Assert.InRange(Interlocked.Read(ref batches), 1, reports / 10);
        // Coalescing: far fewer rows than the items the reports carried (each delta carries 4).
        Assert.InRange(Interlocked.Read(ref rows), Nodes * 9, Nodes * 9 + (long)Nodes * DeltasPerNode * 4 / 2);
    }

    private static MeterListener Listen(IMeterFactory factory, Action<string, long> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Babelwire.Controller" && instrument.Meter.Scope == factory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured(instrument.Name, value));
        listener.Start();
        return listener;
    }
}
