using System.Net;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Agent.SystemTests.Interop;

/// <summary>
/// A real babeld and our agent, each in its own namespace, joined by one veth with only link-local addresses on it.
/// Each side announces an IPv6 prefix from 2001:db8::/32 and an IPv4 prefix from 198.18.0.0/15.
/// </summary>
internal sealed class BabeldInteropPair : IAsyncDisposable
{
    public const string AgentIPv6 = "2001:db8:a::/48";
    public const string AgentIPv4 = "198.18.10.0/24";
    public const int AgentIPv6Metric = 0;
    public const int AgentIPv4Metric = 128;
    public const string BabeldIPv6 = "2001:db8:b::/48";
    public const string BabeldIPv4 = "198.18.11.0/24";

    /// <summary>babeld redistributes its kernel routes at this metric, so its advertised metric is not just 0.</summary>
    public const int BabeldRedistributeMetric = 64;

    public static readonly TimeSpan ConvergenceTimeout = TimeSpan.FromSeconds(30);

    private BabeldInteropPair(NetworkLab lab, VethLink link, Babeld babeld, AgentProcess agent)
    {
        Lab = lab;
        Link = link;
        Babeld = babeld;
        Agent = agent;
    }

    public NetworkLab Lab { get; }

    public VethLink Link { get; }

    public Babeld Babeld { get; }

    public AgentProcess Agent { get; }

    public NetNamespace BabeldNamespace => Link.NamespaceA;

    public IPAddress BabeldLinkLocal => Link.LinkLocalA;

    public IPAddress AgentLinkLocal => Link.LinkLocalB;

    /// <summary>babeld's and the agent's IPv4 addresses on the link when the pair is started with an IPv4 underlay.</summary>
    public const string BabeldIPv4Address = "198.51.100.1";
    public const string AgentIPv4Address = "198.51.100.2";

    /// <summary>
    /// Starts the pair. With <paramref name="ipv4Underlay"/> both veth ends also get an IPv4 address (198.51.100.0/24),
    /// which makes babeld send its IPv4 routes as AE 1 with an IPv4 Next Hop instead of AE 4.
    /// </summary>
    public static async Task<BabeldInteropPair> StartAsync(string agentDll, CancellationToken cancellationToken, bool ipv4Underlay = false)
    {
        var lab = await NetworkLab.CreateAsync("bwt", cancellationToken);
        try
        {
            var babeldNs = await lab.AddNamespaceAsync("babeld", cancellationToken);
            var agentNs = await lab.AddNamespaceAsync("agent", cancellationToken);
            var link = await lab.AddVethAsync(babeldNs, "vb", agentNs, "va", cancellationToken);
            if (ipv4Underlay)
            {
                await NetworkLab.ExecCheckedAsync(babeldNs, "ip", ["addr", "add", BabeldIPv4Address + "/24", "dev", "vb"], cancellationToken);
                await NetworkLab.ExecCheckedAsync(agentNs, "ip", ["addr", "add", AgentIPv4Address + "/24", "dev", "va"], cancellationToken);
            }

            foreach (var prefix in new[] { BabeldIPv6, BabeldIPv4 })
            {
                await NetworkLab.ExecCheckedAsync(babeldNs, "ip", ["route", "add", "unreachable", prefix, "proto", "static"], cancellationToken);
            }

            var babeld = await Babeld.StartAsync(
                lab, babeldNs, "vb", BabeldConfig.Redistributing(BabeldRedistributeMetric, "2001:db8::/32", "198.18.0.0/15"), cancellationToken);
            var agent = await AgentProcess.StartAsync(
                lab, agentNs, agentDll, "va",
                [new AgentProcess.Announcement(AgentIPv6, AgentIPv6Metric), new AgentProcess.Announcement(AgentIPv4, AgentIPv4Metric)],
                cancellationToken);
            return new BabeldInteropPair(lab, link, babeld, agent);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>babeld's namespace's whole kernel table, IPv4 then IPv6 (small here, so a plain listing).</summary>
    public async Task<string> BabeldKernelRoutesAsync(CancellationToken cancellationToken)
    {
        var v4 = await NetworkLab.ExecCheckedAsync(BabeldNamespace, "ip", ["-4", "route", "show"], cancellationToken);
        var v6 = await NetworkLab.ExecCheckedAsync(BabeldNamespace, "ip", ["-6", "route", "show"], cancellationToken);
        return v4.StandardOutput + v6.StandardOutput;
    }

    public Task<string> WaitForBabeldKernelAsync(string what, Func<string, bool> done, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Poll.UntilAsync(what, BabeldKernelRoutesAsync, done, timeout ?? ConvergenceTimeout, TimeSpan.FromMilliseconds(250), cancellationToken, Lab.Diagnostics);

    public Task<AgentStatus> WaitForAgentAsync(string what, Func<AgentStatus, bool> done, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Poll.UntilAsync(what, Agent.StatusAsync, done, timeout ?? ConvergenceTimeout, TimeSpan.FromMilliseconds(250), cancellationToken, Lab.Diagnostics);

    /// <summary>Whether the agent selects both of babeld's prefixes through babeld's link-local.</summary>
    public bool AgentSelectsBabeldsPrefixes(AgentStatus status) =>
        status.Selected(BabeldIPv6)?.NextHop == BabeldLinkLocal.ToString()
        && status.Selected(BabeldIPv4)?.NextHop == BabeldLinkLocal.ToString();

    /// <summary>Waits until both sides have installed or selected the other's IPv6 and IPv4 prefixes.</summary>
    public async Task WaitForConvergenceAsync(CancellationToken cancellationToken)
    {
        await WaitForBabeldKernelAsync(
            "babeld to install the agent's prefixes",
            routes => KernelRoutes.Reachable(routes, AgentIPv6) && KernelRoutes.Reachable(routes, AgentIPv4), cancellationToken);
        await WaitForAgentAsync("the agent to select babeld's prefixes", AgentSelectsBabeldsPrefixes, cancellationToken);
    }

    public ValueTask DisposeAsync() => Lab.DisposeAsync();
}
