using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Routing;

/// <summary>What is really on the device and in the kernel after the last successful pass (immutable, for status).</summary>
/// <param name="Programmed">Prefix → the peer whose AllowedIPs hold it (with its kernel route).</param>
/// <param name="Refused">Selected routes the last plan refused, and why.</param>
/// <param name="Pending">Changes are waiting for the next pass (or for a retry after a failure).</param>
/// <param name="LastError">The last failure, until a pass succeeds.</param>
public sealed record ProgrammedRoutes(
    IReadOnlyDictionary<IPNetwork, WireGuardKey> Programmed,
    IReadOnlyDictionary<IPNetwork, RouteRefusal> Refused,
    bool Pending,
    string? LastError)
{
    public static readonly ProgrammedRoutes Empty = new(new Dictionary<IPNetwork, WireGuardKey>(), new Dictionary<IPNetwork, RouteRefusal>(), false, null);
}
