namespace Babelwire.Bench;

/// <summary>One line of the benchmark table: what was measured, on what, the figure, and the target for it.</summary>
public sealed record BenchRow(string Benchmark, string Subject, string Measure, string Value, string Target);
