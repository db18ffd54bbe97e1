using System.Numerics;
using Babelwire.Agent.SystemTests.Infrastructure;
using Babelwire.Agent.SystemTests.Lab;
using static Babelwire.Agent.SystemTests.Interop.BabeldInteropPair;

namespace Babelwire.Agent.SystemTests.Interop;

/// <summary>Our agent and Debian's babeld 1.12.1 on one veth link, in network namespaces (issue 2, section 4).</summary>
public sealed class BabeldInteropTests
{
    [Fact(Timeout = 120_000)]
    public async Task Babeld_installs_the_agents_IPv6_and_IPv4_prefixes_via_the_agents_link_local()
    {
        var agentDll = Prerequisites.RequireBabeldAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StartAsync(agentDll, ct);

        var routes = await pair.WaitForBabeldKernelAsync(
            "babeld to install the agent's prefixes",
            r => KernelRoutes.Reachable(r, AgentIPv6) && KernelRoutes.Reachable(r, AgentIPv4), ct);

        var v6 = KernelRoutes.Line(routes, AgentIPv6)!;
        Assert.Contains($"via {pair.AgentLinkLocal} dev vb", v6, StringComparison.Ordinal);
        Assert.Contains("proto babel", v6, StringComparison.Ordinal);
        // The agent sends IPv4 as AE 4 (RFC 9229): babeld installs it with an IPv6 next hop.
        var v4 = KernelRoutes.Line(routes, AgentIPv4)!;
        Assert.Contains($"via inet6 {pair.AgentLinkLocal} dev vb", v4, StringComparison.Ordinal);
        Assert.Contains("proto babel", v4, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Agent_selects_babelds_IPv6_and_IPv4_prefixes_via_babelds_link_local()
    {
        var agentDll = Prerequisites.RequireBabeldAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StartAsync(agentDll, ct);

        var status = await pair.WaitForAgentAsync("the agent to select babeld's prefixes", pair.AgentSelectsBabeldsPrefixes, ct);

        Assert.Equal("va", status.Selected(BabeldIPv6)!.Interface);
        Assert.Equal("va", status.Selected(BabeldIPv4)!.Interface);
        var neighbour = Assert.Single(status.Neighbours ?? []);
        Assert.Equal(pair.BabeldLinkLocal.ToString(), neighbour.Address);
    }

    [Fact(Timeout = 120_000)]
    public async Task Each_side_reports_the_other_sides_advertised_metric_plus_its_own_link_cost()
    {
        var agentDll = Prerequisites.RequireBabeldAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StartAsync(agentDll, ct);
        await pair.WaitForConvergenceAsync(ct);

        // One snapshot per side; polled because a cost may still be settling right after convergence.
        var (status, dump) = await Poll.UntilAsync(
            "both sides' metrics to equal advertised metric + link cost",
            async token => (await pair.Agent.StatusAsync(token), await pair.Babeld.DumpAsync(token)),
            s => MetricsAgree(pair, s.Item1, s.Item2),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(500), ct,
            pair.Lab.Diagnostics);

        var ourCost = Assert.Single(status.Neighbours ?? []).Cost;
        var theirCost = dump.Neighbours.Single(n => n["address"] == pair.AgentLinkLocal.ToString()).Number("cost");
        Assert.InRange(ourCost, 1, 0xFFFE);
        Assert.InRange(theirCost, 1, 0xFFFE);
        Assert.Equal(BabeldRedistributeMetric, status.Selected(BabeldIPv6)!.AdvertisedMetric);
        Assert.Equal(BabeldRedistributeMetric + ourCost, status.Selected(BabeldIPv6)!.Metric);
        Assert.Equal(BabeldRedistributeMetric + ourCost, status.Selected(BabeldIPv4)!.Metric);
        Assert.Equal(AgentIPv6Metric, dump.InstalledRoute(AgentIPv6)!.Number("refmetric"));
        Assert.Equal(AgentIPv6Metric + theirCost, dump.InstalledRoute(AgentIPv6)!.Number("metric"));
        Assert.Equal(AgentIPv4Metric, dump.InstalledRoute(AgentIPv4)!.Number("refmetric"));
        Assert.Equal(AgentIPv4Metric + theirCost, dump.InstalledRoute(AgentIPv4)!.Number("metric"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Adjacency_stays_up_with_no_reach_reset_over_eight_Hello_intervals()
    {
        var agentDll = Prerequisites.RequireBabeldAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StartAsync(agentDll, ct);
        await pair.WaitForConvergenceAsync(ct);

        string? neighbourId = null;
        var reach = 0;
        for (var sample = 0; sample < 8; sample++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct); // one Hello interval (-h 1 -H 1, helloInterval 1s)
            var dump = await pair.Babeld.DumpAsync(ct);
            var neighbour = dump.Neighbours.SingleOrDefault(n => n["address"] == pair.AgentLinkLocal.ToString());
            Assert.True(neighbour is not null, $"sample {sample}: babeld lost the agent as a neighbour\n{dump}\n{pair.Lab.Diagnostics()}");
            // babeld flushes a neighbour and makes a new entry (a new id) when its history empties: a reach reset.
            neighbourId ??= neighbour.Id;
            Assert.Equal(neighbourId, neighbour.Id);
            Assert.NotNull(dump.InstalledRoute(AgentIPv6));

            var status = await pair.Agent.StatusAsync(ct);
            Assert.True(pair.AgentSelectsBabeldsPrefixes(status), $"sample {sample}: the agent lost babeld's routes\n{status}");
            Assert.Equal(pair.BabeldLinkLocal.ToString(), Assert.Single(status.Neighbours ?? []).Address);
            reach = Convert.ToInt32(neighbour["reach"], 16);
        }

        // After 8 more Hellos, at most one of babeld's last 8 history bits may be a late Hello on a loaded machine.
        Assert.True(BitOperations.PopCount((uint)reach >> 8) >= 7, $"babeld's reach for the agent ended at {reach:x4}");
    }

    [Fact(Timeout = 120_000)]
    public async Task Stopping_the_agent_makes_babeld_retract_its_prefixes()
    {
        var agentDll = Prerequisites.RequireBabeldAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StartAsync(agentDll, ct);
        await pair.WaitForConvergenceAsync(ct);

        await pair.Agent.Process.StopAsync(TimeSpan.FromSeconds(10), ct);

        var routes = await pair.WaitForBabeldKernelAsync(
            "babeld to drop the stopped agent's prefixes",
            r => !KernelRoutes.Reachable(r, AgentIPv6) && !KernelRoutes.Reachable(r, AgentIPv4), ct);
        Assert.False(KernelRoutes.Reachable(routes, AgentIPv6));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_prefix_babeld_withdraws_is_no_longer_selected_by_the_agent()
    {
        var agentDll = Prerequisites.RequireBabeldAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StartAsync(agentDll, ct);
        await pair.WaitForConvergenceAsync(ct);

        await NetworkLab.ExecCheckedAsync(pair.BabeldNamespace, "ip", ["route", "del", "unreachable", BabeldIPv6, "proto", "static"], ct);

        var status = await pair.WaitForAgentAsync(
            "the agent to drop babeld's withdrawn IPv6 prefix", s => s.Selected(BabeldIPv6) is null, ct, TimeSpan.FromSeconds(20));
        Assert.Equal(pair.BabeldLinkLocal.ToString(), status.Selected(BabeldIPv4)?.NextHop);
    }

    [Fact(Timeout = 120_000)]
    public async Task Agent_drops_babelds_routes_when_babeld_dies_without_retracting()
    {
        var agentDll = Prerequisites.RequireBabeldAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StartAsync(agentDll, ct);
        await pair.WaitForConvergenceAsync(ct);

        pair.Babeld.Process.Kill(); // SIGKILL: no retraction is sent, the agent must notice the silence itself

        var status = await pair.WaitForAgentAsync(
            "the agent to drop the dead babeld's routes",
            s => s.Selected(BabeldIPv6) is null && s.Selected(BabeldIPv4) is null, ct, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(status.Neighbours ?? [], n => n.Address == pair.BabeldLinkLocal.ToString() && n.Cost < 0xFFFF);
    }

    [Fact(Timeout = 120_000)]
    public async Task Agent_selects_babelds_IPv4_prefix_sent_as_AE_1_with_an_IPv4_next_hop()
    {
        var agentDll = Prerequisites.RequireBabeldAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StartAsync(agentDll, ct, ipv4Underlay: true);

        // With an IPv4 address on its interface babeld sends IPv4 routes as AE 1 plus an IPv4 Next Hop TLV.
        var status = await pair.WaitForAgentAsync(
            "the agent to select babeld's IPv4 prefix", s => s.Selected(BabeldIPv4) is not null && s.Selected(BabeldIPv6) is not null, ct);

        Assert.Equal(BabeldIPv4Address, status.Selected(BabeldIPv4)!.NextHop);
        Assert.Equal(pair.BabeldLinkLocal.ToString(), status.Selected(BabeldIPv6)!.NextHop);
    }

    private static bool MetricsAgree(BabeldInteropPair pair, AgentStatus status, BabeldDump dump)
    {
        var ours = status.Neighbours?.SingleOrDefault();
        var theirs = dump.Neighbours.SingleOrDefault(n => n["address"] == pair.AgentLinkLocal.ToString());
        var babeldV6 = status.Selected(BabeldIPv6);
        var babeldV4 = status.Selected(BabeldIPv4);
        var agentV6 = dump.InstalledRoute(AgentIPv6);
        var agentV4 = dump.InstalledRoute(AgentIPv4);
        if (ours is null || theirs is null || babeldV6 is null || babeldV4 is null || agentV6 is null || agentV4 is null)
        {
            return false;
        }

        var theirCost = theirs.Number("cost");
        return babeldV6.Metric == BabeldRedistributeMetric + ours.Cost
            && babeldV4.Metric == BabeldRedistributeMetric + ours.Cost
            && agentV6.Number("metric") == agentV6.Number("refmetric") + theirCost
            && agentV4.Number("metric") == agentV4.Number("refmetric") + theirCost;
    }
}
