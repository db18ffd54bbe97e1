using Babelwire.Agent.SystemTests.Infrastructure;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Agent.SystemTests.Fixture;

/// <summary>The namespace fixture itself: what it makes, it tears down, and two babelds can talk across its veth.</summary>
public sealed class NetworkLabTests
{
    [Fact(Timeout = 120_000)]
    public async Task Disposing_a_lab_kills_its_processes_and_deletes_its_namespaces()
    {
        Prerequisites.RequireNamespaces();
        var ct = TestContext.Current.CancellationToken;
        var lab = await NetworkLab.CreateAsync("bwt", ct);
        BackgroundProcess sleeper;
        string tempDirectory;
        try
        {
            var a = await lab.AddNamespaceAsync("a", ct);
            var b = await lab.AddNamespaceAsync("b", ct);
            var link = await lab.AddVethAsync(a, "va", b, "vb", ct);
            Assert.True(link.LinkLocalA.IsIPv6LinkLocal && link.LinkLocalB.IsIPv6LinkLocal);
            var ping = await NetworkLab.ExecAsync(a, "ping", ["-6", "-c", "1", "-W", "2", $"{link.LinkLocalB}%va"], ct);
            Assert.True(ping.Succeeded, ping.ToString());
            sleeper = lab.Start(a, "sleep", "sleep", ["600"]);
            tempDirectory = lab.TempDirectory;
            Assert.False(sleeper.HasExited);
        }
        finally
        {
            await lab.DisposeAsync();
        }

        var left = await Command.CheckedAsync("ip", ["netns", "list"], cancellationToken: ct);
        Assert.DoesNotContain(lab.Prefix + "-", left.StandardOutput, StringComparison.Ordinal);
        Assert.True(sleeper.HasExited);
        Assert.False(Directory.Exists(tempDirectory));
    }

    [Fact(Timeout = 120_000)]
    public async Task Two_babelds_across_a_lab_veth_exchange_IPv6_and_IPv4_prefixes()
    {
        Prerequisites.RequireBabeld();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetworkLab.CreateAsync("bwt", ct);
        var a = await lab.AddNamespaceAsync("a", ct);
        var b = await lab.AddNamespaceAsync("b", ct);
        var link = await lab.AddVethAsync(a, "va", b, "vb", ct);
        await NetworkLab.ExecCheckedAsync(a, "ip", ["route", "add", "unreachable", "2001:db8:a::/48", "proto", "static"], ct);
        await NetworkLab.ExecCheckedAsync(a, "ip", ["route", "add", "unreachable", "198.18.10.0/24", "proto", "static"], ct);
        await Babeld.StartAsync(lab, a, "va", BabeldConfig.Redistributing("2001:db8::/32", "198.18.0.0/15"), ct);
        var receiver = await Babeld.StartAsync(lab, b, "vb", BabeldConfig.Redistributing(), ct);

        var routes = await Poll.UntilAsync(
            "babeld in b to install a's prefixes",
            async token => (await NetworkLab.ExecCheckedAsync(b, "ip", ["route", "show", "proto", "babel"], token)).StandardOutput
                + (await NetworkLab.ExecCheckedAsync(b, "ip", ["-6", "route", "show", "proto", "babel"], token)).StandardOutput,
            text => KernelRoutes.Reachable(text, "2001:db8:a::/48") && KernelRoutes.Reachable(text, "198.18.10.0/24"),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(250), ct, lab.Diagnostics);

        Assert.Contains($"via {link.LinkLocalA}", routes, StringComparison.Ordinal);
        var dump = await receiver.DumpAsync(ct);
        Assert.Equal(96, dump.InstalledRoute("2001:db8:a::/48")?.Number("metric"));
    }
}
