using System.Globalization;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// <c>wg show INTERFACE dump</c>, parsed: a first line <c>private-key public-key listen-port fwmark</c>, then one
/// tab-separated line per peer: <c>public-key preshared-key endpoint allowed-ips latest-handshake rx tx keepalive</c>,
/// with allowed-ips comma-separated or <c>(none)</c>.
/// </summary>
public sealed record WireGuardDump(string PublicKey, int ListenPort, IReadOnlyList<WireGuardDump.Peer> Peers)
{
    public static async Task<WireGuardDump> ReadAsync(NetNamespace ns, string interfaceName, CancellationToken cancellationToken)
    {
        var result = await NetworkLab.ExecCheckedAsync(ns, "wg", ["show", interfaceName, "dump"], cancellationToken);
        return Parse(result.StandardOutput);
    }

    public static WireGuardDump Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            throw new FormatException("wg show dump printed nothing");
        }

        var device = lines[0].Split('\t');
        var peers = lines.Skip(1).Select(line => line.Split('\t')).Select(f => new Peer(
            f[0],
            f[2] == "(none)" ? null : f[2],
            f[3] == "(none)" ? [] : f[3].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            long.Parse(f[4], CultureInfo.InvariantCulture),
            long.Parse(f[5], CultureInfo.InvariantCulture),
            long.Parse(f[6], CultureInfo.InvariantCulture))).ToList();
        return new WireGuardDump(device[1], int.Parse(device[2], CultureInfo.InvariantCulture), peers);
    }

    /// <summary>The peer whose AllowedIPs hold exactly <paramref name="prefix"/>, if any.</summary>
    public Peer? PeerAllowing(string prefix) => Peers.FirstOrDefault(p => p.AllowedIps.Contains(prefix));

    public Peer? PeerWithKey(string publicKey) => Peers.FirstOrDefault(p => p.PublicKey == publicKey);

    public override string ToString() =>
        $"{PublicKey} port {ListenPort}: " + string.Join("; ", Peers.Select(p => p.ToString()));

    /// <param name="LatestHandshake">Unix seconds, 0 if never.</param>
    public sealed record Peer(
        string PublicKey, string? Endpoint, IReadOnlySet<string> AllowedIps, long LatestHandshake, long ReceivedBytes, long TransmittedBytes)
    {
        public override string ToString() =>
            $"{PublicKey[..8]}… at {Endpoint ?? "no endpoint"} allows [{string.Join(", ", AllowedIps.Order(StringComparer.Ordinal))}]";
    }
}
