using System.Net;
using Babelwire.Shared.State;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// Checks every item of a report before anything is applied, and writes addresses and prefixes in canonical text so
/// that the same neighbour or route always has the same key. Limits follow the columns they end up in.
/// </summary>
internal static class AgentStateValidator
{
    public const int MaxItems = 100_000;
    public const int Infinity = 0xFFFF;
    private const int MaxErrors = 10;
    private const int MaxAgentVersionLength = 64;
    private const int MaxInterfaceLength = 15;   // IFNAMSIZ - 1
    private const int MaxRouterIdLength = 23;    // 8 bytes as "xx:xx:xx:xx:xx:xx:xx:xx"
    private const int MaxEndpointLength = 64;
    private const int PublicKeyLength = 32;      // Curve25519

    public static ValidatedReport Validate(AgentStateDto state)
    {
        var errors = new Errors();
        if (state.Sequence < 0)
        {
            errors.Add($"sequence {state.Sequence} is negative");
        }
        if (state.AgentVersion is null || state.AgentVersion.Length > MaxAgentVersionLength)
        {
            errors.Add($"agentVersion must be at most {MaxAgentVersionLength} characters");
        }
        var report = new ValidatedReport(
            state.Sequence,
            state.AgentVersion,
            Neighbours(state.Neighbours, "neighbours", errors), [],
            Routes(state.Routes, "routes", errors), [],
            Peers(state.Peers, "peers", errors), []);
        errors.ThrowIfAny();
        return report;
    }

    public static ValidatedReport Validate(AgentStateDeltaDto delta)
    {
        var errors = new Errors();
        if (delta.Sequence < 0)
        {
            errors.Add($"sequence {delta.Sequence} is negative");
        }
        var report = new ValidatedReport(
            delta.Sequence,
            null,
            Neighbours(delta.NeighboursUpserted, "neighboursUpserted", errors),
            Removed(delta.NeighboursRemoved, "neighboursRemoved", CanonicalAddress, errors),
            Routes(delta.RoutesUpserted, "routesUpserted", errors),
            Removed(delta.RoutesRemoved, "routesRemoved", CanonicalPrefix, errors),
            Peers(delta.PeersUpserted, "peersUpserted", errors),
            Removed(delta.PeersRemoved, "peersRemoved", k => IsPublicKey(k) ? k : null, errors));
        NotBoth(report.Neighbours.Select(n => n.Address), report.NeighboursRemoved, "neighbour", errors);
        NotBoth(report.Routes.Select(r => r.Prefix), report.RoutesRemoved, "route", errors);
        NotBoth(report.Peers.Select(p => p.PublicKey), report.PeersRemoved, "peer", errors);
        errors.ThrowIfAny();
        return report;
    }

    private static List<NeighbourStateDto> Neighbours(IReadOnlyList<NeighbourStateDto?>? items, string name, Errors errors)
    {
        List<NeighbourStateDto> result = [];
        if (!CheckList(items, name, errors))
        {
            return result;
        }
        HashSet<string> seen = [];
        for (var i = 0; i < items!.Count; i++)
        {
            if (items[i] is not { } n)
            {
                errors.Add($"{name}[{i}] is null");
                continue;
            }
            var address = CanonicalAddress(n.Address);
            var ok = true;
            ok &= Check(address is not null, $"{name}[{i}].address '{Shorten(n.Address)}' is not an IP address", errors);
            ok &= Check(n.PeerPublicKey is null || IsPublicKey(n.PeerPublicKey), $"{name}[{i}].peerPublicKey is not a base64 Curve25519 key", errors);
            ok &= Check(n.Interface is { Length: > 0 and <= MaxInterfaceLength } && !n.Interface.Any(c => char.IsWhiteSpace(c) || c == '/'),
                $"{name}[{i}].interface must be an interface name of 1 to {MaxInterfaceLength} characters", errors);
            ok &= Cost(n.Cost, $"{name}[{i}].cost", errors) & Cost(n.RxCost, $"{name}[{i}].rxCost", errors) & Cost(n.TxCost, $"{name}[{i}].txCost", errors);
            ok &= Check(n.RttMilliseconds is null || (double.IsFinite(n.RttMilliseconds.Value) && n.RttMilliseconds.Value is >= 0 and <= 3_600_000),
                $"{name}[{i}].rttMilliseconds must be a finite, non-negative number", errors);
            if (ok && !seen.Add(address!))
            {
                errors.Add($"{name}[{i}]: neighbour {address} appears twice");
                ok = false;
            }
            if (ok)
            {
                result.Add(n with { Address = address! });
            }
        }
        return result;
    }

    private static List<RouteStateDto> Routes(IReadOnlyList<RouteStateDto?>? items, string name, Errors errors)
    {
        List<RouteStateDto> result = [];
        if (!CheckList(items, name, errors))
        {
            return result;
        }
        HashSet<string> seen = [];
        for (var i = 0; i < items!.Count; i++)
        {
            if (items[i] is not { } r)
            {
                errors.Add($"{name}[{i}] is null");
                continue;
            }
            var prefix = CanonicalPrefix(r.Prefix);
            var nextHop = CanonicalAddress(r.NextHop);
            var ok = true;
            ok &= Check(prefix is not null, $"{name}[{i}].prefix '{Shorten(r.Prefix)}' is not a prefix (e.g. 2001:db8::/64, no host bits set)", errors);
            ok &= Cost(r.Metric, $"{name}[{i}].metric", errors);
            ok &= Check(r.RouterId is { Length: > 0 and <= MaxRouterIdLength } && r.RouterId.All(c => char.IsAsciiHexDigit(c) || c == ':'),
                $"{name}[{i}].routerId must be a router id of 1 to {MaxRouterIdLength} hex digits and colons", errors);
            ok &= Check(nextHop is not null, $"{name}[{i}].nextHop '{Shorten(r.NextHop)}' is not an IP address", errors);
            ok &= Check(r.NextHopPeerPublicKey is null || IsPublicKey(r.NextHopPeerPublicKey), $"{name}[{i}].nextHopPeerPublicKey is not a base64 Curve25519 key", errors);
            if (ok && !seen.Add(prefix!))
            {
                errors.Add($"{name}[{i}]: route {prefix} appears twice");
                ok = false;
            }
            if (ok)
            {
                result.Add(r with { Prefix = prefix!, NextHop = nextHop! });
            }
        }
        return result;
    }

    private static List<PeerStatsDto> Peers(IReadOnlyList<PeerStatsDto?>? items, string name, Errors errors)
    {
        List<PeerStatsDto> result = [];
        if (!CheckList(items, name, errors))
        {
            return result;
        }
        HashSet<string> seen = [];
        for (var i = 0; i < items!.Count; i++)
        {
            if (items[i] is not { } p)
            {
                errors.Add($"{name}[{i}] is null");
                continue;
            }
            var ok = true;
            ok &= Check(IsPublicKey(p.PublicKey), $"{name}[{i}].publicKey is not a base64 Curve25519 key", errors);
            ok &= Check(p.Endpoint is null || (p.Endpoint.Length <= MaxEndpointLength && IPEndPoint.TryParse(p.Endpoint, out _)),
                $"{name}[{i}].endpoint '{Shorten(p.Endpoint)}' is not an address:port", errors);
            ok &= Check(p.ReceivedBytes >= 0 && p.SentBytes >= 0, $"{name}[{i}]: byte counters must not be negative", errors);
            if (ok && !seen.Add(p.PublicKey))
            {
                errors.Add($"{name}[{i}]: peer {p.PublicKey} appears twice");
                ok = false;
            }
            if (ok)
            {
                result.Add(p);
            }
        }
        return result;
    }

    private static List<string> Removed(IReadOnlyList<string?>? keys, string name, Func<string?, string?> canonical, Errors errors)
    {
        List<string> result = [];
        if (!CheckList(keys, name, errors))
        {
            return result;
        }
        for (var i = 0; i < keys!.Count; i++)
        {
            if (canonical(keys[i]) is { } key)
            {
                result.Add(key);
            }
            else
            {
                errors.Add($"{name}[{i}] '{Shorten(keys[i])}' is not a valid key");
            }
        }
        return result;
    }

    private static void NotBoth(IEnumerable<string> upserted, IReadOnlyList<string> removed, string what, Errors errors)
    {
        if (removed.Count == 0)
        {
            return;
        }
        var set = removed.ToHashSet();
        foreach (var key in upserted.Where(set.Contains))
        {
            errors.Add($"{what} {key} is both upserted and removed");
        }
    }

    private static bool CheckList<T>(IReadOnlyList<T>? items, string name, Errors errors) =>
        Check(items is not null, $"{name} is missing", errors) && Check(items!.Count <= MaxItems, $"{name} has more than {MaxItems} items", errors);

    private static bool Cost(int value, string name, Errors errors) =>
        Check(value is >= 0 and <= Infinity, $"{name} {value} is outside 0..{Infinity}", errors);

    private static bool Check(bool condition, string error, Errors errors)
    {
        if (!condition)
        {
            errors.Add(error);
        }
        return condition;
    }

    public static string? CanonicalAddress(string? text) =>
        text is { Length: > 0 and <= 45 } && IPAddress.TryParse(text, out var address) ? address.ToString() : null;

    public static string? CanonicalPrefix(string? text) =>
        text is { Length: > 0 and <= 49 } && Prefixes.TryParseStrict(text, out var prefix) ? prefix.ToString() : null;

    public static bool IsPublicKey(string? text)
    {
        Span<byte> key = stackalloc byte[PublicKeyLength + 3];
        return text is { Length: 44 } && Convert.TryFromBase64String(text, key, out var written) && written == PublicKeyLength;
    }

    private static string Shorten(string? text) => text is null ? "null" : text.Length <= 60 ? text : text[..60] + "…";

    private sealed class Errors
    {
        private readonly List<string> _errors = [];
        private int _more;

        public void Add(string error)
        {
            if (_errors.Count < MaxErrors)
            {
                _errors.Add(error);
            }
            else
            {
                _more++;
            }
        }

        public void ThrowIfAny()
        {
            if (_errors.Count > 0)
            {
                throw new InvalidAgentStateException(_more > 0 ? [.. _errors, $"and {_more} more"] : _errors);
            }
        }
    }
}
