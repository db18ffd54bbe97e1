using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Configuration;

/// <summary>The rules of the <c>wireguard</c> section that involve several fields; every message names its key.</summary>
internal static class WireGuardOptionsValidator
{
    private const string Path = "wireguard";

    public static void Validate(WireGuardOptions wg, AgentOptions options, List<string> errors)
    {
        AgentOptionsValidator.Annotations(wg, Path, errors);
        if (wg.UpdateInterval is { } update && update < wg.HelloInterval)
            errors.Add($"{Path}.updateInterval: must not be shorter than helloInterval ({wg.HelloInterval})");
        if (options.Interfaces.Any(i => i.Name == wg.Interface))
            errors.Add($"{Path}.interface: '{wg.Interface}' is also listed in interfaces[]");

        for (var i = 0; i < wg.Addresses.Count; i++)
        {
            var a = wg.Addresses[i];
            var host = a.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            if (a.PrefixLength != host)
                errors.Add($"{Path}.addresses[{i}]: {a} must be a single address (/{host}): the node's overlay address");
            else if (AgentOptionsValidator.IsMartian(a))
                errors.Add($"{Path}.addresses[{i}]: {a} is a martian (link-local, multicast, loopback or unspecified)");
        }
        foreach (var dup in wg.Addresses.GroupBy(a => a).Where(g => g.Count() > 1))
            errors.Add($"{Path}.addresses: {dup.Key} is listed more than once");
        foreach (var a in wg.Addresses.Where(a => options.Announce.Any(x => x.Prefix is { } p && p == a)))
            errors.Add($"{Path}.addresses: {a} is announced already (overlay addresses are announced for you); remove it from announce[]");

        for (var i = 0; i < wg.Peers.Count; i++)
            Peer(wg.Peers[i], $"{Path}.peers[{i}]", errors);
        foreach (var dup in wg.Peers.Where(p => p.PublicKey is not null).GroupBy(p => p.PublicKey).Where(g => g.Count() > 1))
            errors.Add($"{Path}.peers: public key {dup.Key} is listed more than once");
        var claimed = new Dictionary<IPNetwork, int>();
        for (var i = 0; i < wg.Peers.Count; i++)
        {
            foreach (var prefix in wg.Peers[i].AllowedIps)
            {
                if (!claimed.TryAdd(prefix, i) && claimed[prefix] != i)
                    errors.Add($"{Path}.peers[{i}].allowedIps: {prefix} is also in peers[{claimed[prefix]}].allowedIps (WireGuard gives a prefix to one peer)");
            }
        }
    }

    private static void Peer(WireGuardPeerOptions peer, string path, List<string> errors)
    {
        AgentOptionsValidator.Annotations(peer, path, errors);
        if (peer.Endpoint is { } e && (e.Address.Equals(IPAddress.Any) || e.Address.Equals(IPAddress.IPv6Any)))
            errors.Add($"{path}.endpoint: {e} is not a peer's address");
        for (var i = 0; i < peer.AllowedIps.Count; i++)
        {
            var prefix = peer.AllowedIps[i];
            if (IPNetwork.Parse("fe80::/10").Contains(prefix.BaseAddress) || IPNetwork.Parse("ff00::/8").Contains(prefix.BaseAddress))
                errors.Add($"{path}.allowedIps[{i}]: {prefix} is link-local or multicast; the peer's link-local /128 is added for you");
            else if (peer.Endpoint is { } endpoint && prefix.Contains(endpoint.Address))
                errors.Add($"{path}.allowedIps[{i}]: {prefix} covers the peer's own endpoint {endpoint.Address}: its encrypted traffic would loop into the tunnel");
        }
        foreach (var dup in peer.AllowedIps.GroupBy(a => a).Where(g => g.Count() > 1))
            errors.Add($"{path}.allowedIps: {dup.Key} is listed more than once");
    }
}
