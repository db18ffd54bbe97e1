namespace Babelwire.Agent.Netlink;

/// <summary>
/// Some route changes of a <see cref="IRouteTable.SetAsync"/> failed; the rest were made, and the route table
/// remembers which, so the next call retries only these.
/// </summary>
public sealed class KernelRouteException(IReadOnlyList<string> failures)
    : Exception($"{failures.Count} kernel route change(s) failed; first: {failures.FirstOrDefault()}")
{
    /// <summary>One line per failed change: what was asked and why it failed.</summary>
    public IReadOnlyList<string> Failures { get; } = failures;
}
