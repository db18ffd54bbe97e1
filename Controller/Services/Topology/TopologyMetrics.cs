using System.Diagnostics.Metrics;

namespace Babelwire.Controller.Services.Topology;

/// <summary>The topology store's instruments on the controller's meter; the benchmark reads rows written per second from them.</summary>
public sealed class TopologyMetrics
{
    public const string MeterName = "Babelwire.Controller";

    private readonly Counter<long> _reports;
    private readonly Counter<long> _rowsWritten;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _writeFailures;
    private readonly Counter<long> _eventsSuppressed;
    private readonly Counter<long> _eventsDropped;
    private readonly Histogram<double> _batchDuration;

    public TopologyMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reports = meter.CreateCounter<long>("babelwire.topology.reports", "{report}", "State reports received, by kind and outcome");
        _rowsWritten = meter.CreateCounter<long>("babelwire.topology.rows_written", "{row}", "Rows inserted, updated or deleted by the write-behind, by table");
        _batches = meter.CreateCounter<long>("babelwire.topology.batches", "{batch}", "Write-behind transactions committed");
        _writeFailures = meter.CreateCounter<long>("babelwire.topology.write_failures", "{batch}", "Write-behind transactions that failed and were kept for retry");
        _eventsSuppressed = meter.CreateCounter<long>("babelwire.topology.events_suppressed", "{event}", "Events over a node's budget, not recorded");
        _eventsDropped = meter.CreateCounter<long>("babelwire.topology.events_dropped", "{event}", "Events dropped because too many waited for the database");
        _batchDuration = meter.CreateHistogram<double>("babelwire.topology.batch_duration", "ms", "Time to write one batch");
    }

    public void Report(string kind, string outcome) =>
        _reports.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    public void RowsWritten(string table, long rows)
    {
        if (rows > 0)
        {
            _rowsWritten.Add(rows, new KeyValuePair<string, object?>("table", table));
        }
    }

    public void BatchWritten(TimeSpan duration)
    {
        _batches.Add(1);
        _batchDuration.Record(duration.TotalMilliseconds);
    }

    public void WriteFailed() => _writeFailures.Add(1);

    public void EventSuppressed(string kind) => _eventsSuppressed.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void EventDropped() => _eventsDropped.Add(1);
}
