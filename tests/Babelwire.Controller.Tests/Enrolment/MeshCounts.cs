namespace Babelwire.Controller.Tests.Enrolment;

/// <summary>Row counts that a refused enrolment must leave as they were.</summary>
public sealed record MeshCounts(long Nodes, long Leases, long Events, long TokenUses);
