using System.Globalization;
using System.Net;
using System.Text.Json;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Agent.SystemTests.Netlink;

/// <summary>
/// One fresh namespace with two veth ends in it (their peers in a second namespace) for the netlink tests, and
/// readers of <c>ip -j route/addr/link</c> there. The code under test reaches the namespace by creating its netlink
/// socket on a thread that joined /var/run/netns/NAME with setns(2) (see NetlinkSocket); the checks go through
/// <c>ip netns exec</c>, an independent reader.
/// </summary>
internal sealed class NetlinkLab : IAsyncDisposable
{
    private NetlinkLab(NetworkLab lab, NetNamespace ns, string first, string second)
    {
        Lab = lab;
        Namespace = ns;
        First = first;
        Second = second;
    }

    public NetworkLab Lab { get; }

    public NetNamespace Namespace { get; }

    /// <summary>What the code under test is given to reach the namespace.</summary>
    public string NamespacePath => $"/var/run/netns/{Namespace.Name}";

    public string First { get; }

    public string Second { get; }

    public static async Task<NetlinkLab> CreateAsync(CancellationToken cancellationToken)
    {
        var lab = await NetworkLab.CreateAsync("bwt", cancellationToken);
        try
        {
            var ns = await lab.AddNamespaceAsync("nl", cancellationToken);
            var peer = await lab.AddNamespaceAsync("nlpeer", cancellationToken);
            await lab.AddVethAsync(ns, "nl0", peer, "peer0", cancellationToken);
            await lab.AddVethAsync(ns, "nl1", peer, "peer1", cancellationToken);
            return new NetlinkLab(lab, ns, "nl0", "nl1");
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public async Task<int> IndexOfAsync(string name, CancellationToken cancellationToken)
    {
        using var json = await JsonAsync(["link", "show", "dev", name], cancellationToken);
        return json.RootElement[0].GetProperty("ifindex").GetInt32();
    }

    public Task<ProcessResult> IpAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        NetworkLab.ExecCheckedAsync(Namespace, "ip", arguments, cancellationToken);

    /// <summary>Routes of <paramref name="protocol"/> in the main table, both families, as <c>ip</c> shows them.</summary>
    public async Task<HashSet<KernelRoute>> RoutesAsync(int protocol, CancellationToken cancellationToken)
    {
        var routes = new HashSet<KernelRoute>();
        foreach (var family in (string[])["-6", "-4"])
        {
            using var json = await JsonAsync([family, "route", "show", "table", "main", "proto", protocol.ToString(CultureInfo.InvariantCulture)], cancellationToken, TimeSpan.FromSeconds(60));
            foreach (var route in json.RootElement.EnumerateArray())
            {
                var dst = route.GetProperty("dst").GetString()!;
                if (!dst.Contains('/', StringComparison.Ordinal))
                {
                    dst += family == "-6" ? "/128" : "/32";
                }

                var dev = route.GetProperty("dev").GetString()!;
                var metric = route.TryGetProperty("metric", out var m) ? m.GetInt32() : 0;
                routes.Add(new KernelRoute(IPNetwork.Parse(dst), await CachedIndexAsync(dev, cancellationToken), metric));
            }
        }

        return routes;
    }

    public async Task<JsonDocument> JsonAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var result = await NetworkLab.ExecCheckedAsync(Namespace, "ip", ["-j", .. arguments], cancellationToken, timeout);
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(result.StandardOutput) ? "[]" : result.StandardOutput);
    }

    public ValueTask DisposeAsync() => Lab.DisposeAsync();

    private readonly Dictionary<string, int> _indexes = [];

    private async Task<int> CachedIndexAsync(string dev, CancellationToken cancellationToken)
    {
        if (!_indexes.TryGetValue(dev, out var index))
        {
            index = _indexes[dev] = await IndexOfAsync(dev, cancellationToken);
        }

        return index;
    }
}
