namespace Babelwire.Bench;

/// <summary>One ingest run: did the receiver get the whole table, how fast, at what peak memory, and was the adjacency kept.</summary>
internal sealed record IngestResult(
    string Subject, int Prefixes, bool Completed, TimeSpan Elapsed, int Reached, long? PeakResidentBytes, string Adjacency, string? Note = null);
