namespace Babelwire.Shared.Dashboard;

/// <summary>A refusal, worded for a person, with per-field messages for <see cref="AdminProblemKind.Invalid"/>.</summary>
public sealed record AdminProblem(
    AdminProblemKind Kind,
    string Title,
    string? Detail = null,
    IReadOnlyDictionary<string, string[]>? Errors = null);
