using System.Net;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// Hosts that each have one WireGuard interface and all the others as peers, over an underlay where only some pairs
/// can talk: one veth pair per underlay link, a /30 from 198.51.100.0/24 on each, and no underlay routing, so a
/// peer that shares no link is configured (with its address on another link as endpoint) but unreachable. Every
/// host forwards (relays overlay traffic wg → wg) and has an nftables table whose <c>cut</c> set drops all traffic
/// on the veths listed in it: <see cref="CutAsync"/> and <see cref="HealAsync"/> cut a link by dropping packets,
/// <see cref="SetLinkDownAsync"/> by taking it down. Everything is torn down with the <see cref="NetworkLab"/>.
/// </summary>
public sealed class WireGuardMeshLab : IAsyncDisposable
{
    private const string NftTable = "bwlab";

    private const string NftRuleset = $$"""
        table inet {{NftTable}} {
          set cut { type ifname; }
          chain input { type filter hook input priority 0; policy accept; iifname @cut counter drop; }
          chain output { type filter hook output priority 0; policy accept; oifname @cut counter drop; }
          chain forward { type filter hook forward priority 0; policy accept; iifname @cut counter drop; oifname @cut counter drop; }
        }
        """;

    private readonly Dictionary<MeshHost, WireGuardGo> _wireGuard = [];

    private WireGuardMeshLab(NetworkLab lab, IReadOnlyList<MeshHost> hosts, IReadOnlyList<UnderlayLink> links)
    {
        Lab = lab;
        Hosts = hosts;
        Links = links;
    }

    public NetworkLab Lab { get; }

    public IReadOnlyList<MeshHost> Hosts { get; }

    public IReadOnlyList<UnderlayLink> Links { get; }

    public MeshHost this[string name] => Hosts.Single(h => h.Name == name);

    /// <summary>
    /// Five hosts a-e on a chain a-b-c-d-e plus the shortcut b-d: a reaches e over a-b-d-e (two relays), or over
    /// a-b-c-d-e (three) when b-d is cut. Every shortest path in it is unique, with or without the shortcut.
    /// </summary>
    public static Task<WireGuardMeshLab> ChainWithShortcutAsync(CancellationToken cancellationToken) =>
        CreateAsync(["a", "b", "c", "d", "e"], [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("b", "d")], cancellationToken);

    /// <summary>Makes the hosts (one-letter names), their underlay links, keys and nftables tables; no WireGuard yet.</summary>
    public static async Task<WireGuardMeshLab> CreateAsync(
        IReadOnlyList<string> hostNames, IReadOnlyList<(string A, string B)> links, CancellationToken cancellationToken)
    {
        if (links.Count > 64)
        {
            throw new ArgumentException("198.51.100.0/24 holds 64 /30 links", nameof(links));
        }

        var lab = await NetworkLab.CreateAsync("bwt", cancellationToken);
        try
        {
            var hosts = new List<MeshHost>();
            foreach (var (name, index) in hostNames.Select((n, i) => (n, i)))
            {
                var ns = await lab.AddNamespaceAsync(name, cancellationToken);
                var keys = await WireGuardKeyPair.GenerateAsync(cancellationToken);
                hosts.Add(new MeshHost(name, index + 1, ns, lab.UniqueInterfaceName(name), keys));
                await NetworkLab.ExecCheckedAsync(
                    ns, "sysctl",
                    ["-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"],
                    cancellationToken);
                await NetworkLab.ExecCheckedAsync(ns, "nft", ["-f", "-"], cancellationToken, standardInput: NftRuleset);
            }

            var underlay = new List<UnderlayLink>();
            foreach (var (nameA, nameB) in links)
            {
                var a = hosts.Single(h => h.Name == nameA);
                var b = hosts.Single(h => h.Name == nameB);
                var veth = await lab.AddVethAsync(a.Namespace, "u" + b.Name, b.Namespace, "u" + a.Name, cancellationToken);
                var addressA = IPAddress.Parse($"198.51.100.{(4 * underlay.Count) + 1}");
                var addressB = IPAddress.Parse($"198.51.100.{(4 * underlay.Count) + 2}");
                await NetworkLab.ExecCheckedAsync(a.Namespace, "ip", ["addr", "add", $"{addressA}/30", "dev", veth.InterfaceA], cancellationToken);
                await NetworkLab.ExecCheckedAsync(b.Namespace, "ip", ["addr", "add", $"{addressB}/30", "dev", veth.InterfaceB], cancellationToken);
                underlay.Add(new UnderlayLink(a, veth.InterfaceA, addressA, b, veth.InterfaceB, addressB));
            }

            return new WireGuardMeshLab(lab, hosts, underlay);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public UnderlayLink Link(string a, string b) => Links.Single(l => l.Joins(this[a], this[b]));

    /// <summary>
    /// Where <paramref name="from"/> sends WireGuard packets for <paramref name="to"/>: its address on their shared link,
    /// or, when they share none, its address on its first link (which <paramref name="from"/> has no route to).
    /// </summary>
    public IPEndPoint EndpointOf(MeshHost to, MeshHost from)
    {
        var link = Links.FirstOrDefault(l => l.Joins(from, to)) ?? Links.First(l => l.Touches(to));
        return new IPEndPoint(link.AddressOf(to), MeshHost.ListenPort);
    }

    /// <summary>Cuts a link by dropping every packet on both of its ends (nftables), leaving both veths up.</summary>
    public Task CutAsync(UnderlayLink link, CancellationToken cancellationToken) => SetCutAsync(link, "add", cancellationToken);

    /// <summary>Undoes <see cref="CutAsync"/>.</summary>
    public Task HealAsync(UnderlayLink link, CancellationToken cancellationToken) => SetCutAsync(link, "delete", cancellationToken);

    /// <summary>Takes <paramref name="link"/>'s end in <see cref="UnderlayLink.A"/> down (the other end loses carrier).</summary>
    public Task SetLinkDownAsync(UnderlayLink link, CancellationToken cancellationToken) =>
        NetworkLab.ExecCheckedAsync(link.A.Namespace, "ip", ["link", "set", link.InterfaceA, "down"], cancellationToken);

    /// <summary>Undoes <see cref="SetLinkDownAsync"/>; the IPv4 address stays configured on a downed veth.</summary>
    public Task SetLinkUpAsync(UnderlayLink link, CancellationToken cancellationToken) =>
        NetworkLab.ExecCheckedAsync(link.A.Namespace, "ip", ["link", "set", link.InterfaceA, "up"], cancellationToken);

    /// <summary>
    /// The unique shortest underlay path from <paramref name="from"/> to <paramref name="to"/> over the links not in
    /// <paramref name="down"/> (breadth-first, hosts in their order), or null: the next hop a correct mesh must use.
    /// </summary>
    public IReadOnlyList<MeshHost>? ShortestPath(MeshHost from, MeshHost to, IEnumerable<UnderlayLink>? down = null)
    {
        var usable = Links.Except(down ?? []).ToList();
        var previous = new Dictionary<MeshHost, MeshHost> { [from] = from };
        var frontier = new Queue<MeshHost>([from]);
        while (frontier.Count > 0 && !previous.ContainsKey(to))
        {
            var host = frontier.Dequeue();
            foreach (var next in usable.Where(l => l.Touches(host)).Select(l => l.Other(host)).Where(n => !previous.ContainsKey(n)))
            {
                previous[next] = host;
                frontier.Enqueue(next);
            }
        }

        if (!previous.ContainsKey(to))
        {
            return null;
        }

        var path = new List<MeshHost> { to };
        while (path[^1] != from)
        {
            path.Add(previous[path[^1]]);
        }

        path.Reverse();
        return path;
    }

    /// <summary>The wireguard-go the lab started for <paramref name="host"/> (<see cref="StartWireGuardAsync"/>).</summary>
    public WireGuardGo WireGuardOf(MeshHost host) => _wireGuard[host];

    /// <summary>
    /// Starts wireguard-go for <paramref name="host"/> and configures it the way an operator's tool would: private
    /// key, listen port, every other host as a peer (endpoint from <see cref="EndpointOf"/>, AllowedIPs only that
    /// peer's <see cref="MeshHost.LabLinkLocal"/>), no automatic link-local, <see cref="MeshHost.LabLinkLocal"/>/64 and,
    /// with <paramref name="overlayAddresses"/>, the overlay /128 and /32 on the interface; then brings it up.
    /// <paramref name="linkLocal"/> replaces <see cref="MeshHost.LabLinkLocal"/> on the interface (e.g. the address an
    /// agent peer derives from the host's public key).
    /// </summary>
    public async Task<WireGuardGo> StartWireGuardAsync(
        MeshHost host, CancellationToken cancellationToken, bool overlayAddresses = true, IPAddress? linkLocal = null)
    {
        var device = await WireGuardGo.StartAsync(Lab, host.Namespace, host.WireGuardInterface, cancellationToken);
        _wireGuard[host] = device;
        var keyFile = Lab.PathFor(host.Name + ".key");
        await host.Keys.WritePrivateKeyAsync(keyFile, cancellationToken);
        List<string> set = ["private-key", keyFile, "listen-port", MeshHost.ListenPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        foreach (var peer in Hosts.Where(h => h != host))
        {
            set.AddRange(["peer", peer.Keys.PublicKey, "endpoint", EndpointOf(peer, host).ToString(), "allowed-ips", $"{peer.LabLinkLocal}/128"]);
        }

        await device.SetAsync(set, cancellationToken);
        var ns = host.Namespace;
        var name = host.WireGuardInterface;
        await NetworkLab.ExecCheckedAsync(ns, "sysctl", ["-qw", $"net.ipv6.conf.{name}.addr_gen_mode=1"], cancellationToken);
        await NetworkLab.ExecCheckedAsync(ns, "ip", ["addr", "add", $"{linkLocal ?? host.LabLinkLocal}/64", "dev", name], cancellationToken);
        if (overlayAddresses)
        {
            await NetworkLab.ExecCheckedAsync(ns, "ip", ["addr", "add", host.OverlayIPv6Prefix, "dev", name], cancellationToken);
            await NetworkLab.ExecCheckedAsync(ns, "ip", ["addr", "add", host.OverlayIPv4Prefix, "dev", name], cancellationToken);
        }

        await NetworkLab.ExecCheckedAsync(ns, "ip", ["link", "set", name, "up"], cancellationToken);
        return device;
    }

    /// <summary>Every host's WireGuard device, for a failure message.</summary>
    public async Task<string> DescribeWireGuardAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var host in Hosts)
        {
            var dump = await NetworkLab.ExecAsync(host.Namespace, "wg", ["show", host.WireGuardInterface, "allowed-ips"], cancellationToken);
            var routes = await KernelRouteTable.ReadAsync(host.Namespace, host.WireGuardInterface, cancellationToken);
            lines.Add($"{host.Name}: allowed-ips {dump.StandardOutput.Trim()} {dump.StandardError.Trim()}\n   routes: {string.Join(" | ", routes)}");
        }

        return string.Join('\n', lines);
    }

    public ValueTask DisposeAsync() => Lab.DisposeAsync();

    private async Task SetCutAsync(UnderlayLink link, string verb, CancellationToken cancellationToken)
    {
        await NetworkLab.ExecCheckedAsync(link.A.Namespace, "nft", [verb, "element", "inet", NftTable, "cut", $"{{ \"{link.InterfaceA}\" }}"], cancellationToken);
        await NetworkLab.ExecCheckedAsync(link.B.Namespace, "nft", [verb, "element", "inet", NftTable, "cut", $"{{ \"{link.InterfaceB}\" }}"], cancellationToken);
    }
}
