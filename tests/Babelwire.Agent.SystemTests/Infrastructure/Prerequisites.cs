using Babelwire.Agent.SystemTests.ControlPlane;
using Babelwire.Agent.SystemTests.Dashboard;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Testing;

namespace Babelwire.Agent.SystemTests.Infrastructure;

/// <summary>
/// What system tests need: root, <c>ip netns</c>, babeld, wireguard-go, PostgreSQL, and the built agent and controller. A missing prerequisite skips the
/// test, except under <c>CI=true</c>, where it fails with a message saying what is missing.
/// </summary>
internal static class Prerequisites
{
    private static readonly Lazy<string?> NamespaceProblem = new(FindNamespaceProblem);

    /// <summary>Root and working <c>ip netns</c>.</summary>
    public static void RequireNamespaces() => Require(NamespaceProblem.Value);

    /// <summary>Namespaces and babeld.</summary>
    public static void RequireBabeld()
    {
        RequireNamespaces();
        Require(File.Exists(Babeld.Executable) ? null : $"{Babeld.Executable} is not installed (Debian package babeld; test.sh installs it)");
    }

    /// <summary>Namespaces, wireguard-go, <c>wg</c> and nftables.</summary>
    public static void RequireWireGuardGo()
    {
        RequireNamespaces();
        Require(File.Exists(WireGuardGo.Executable) ? null : $"{WireGuardGo.Executable} is not installed (Debian package wireguard-go; scripts/install-deps.sh installs it)");
        Require(File.Exists("/usr/bin/wg") ? null : "/usr/bin/wg is not installed (Debian package wireguard-tools; scripts/install-deps.sh installs it)");
        Require(File.Exists("/usr/sbin/nft") ? null : "/usr/sbin/nft is not installed (Debian package nftables; scripts/install-deps.sh installs it)");
    }

    /// <summary>Namespaces, wireguard-go, <c>wg</c>, nftables and the agent's Release build; returns the path of babelwire-agent.dll.</summary>
    public static string RequireWireGuardGoAndAgent()
    {
        RequireWireGuardGo();
        return RequireAgent();
    }

    /// <summary>Namespaces, babeld and the agent's Release build; returns the path of babelwire-agent.dll.</summary>
    public static string RequireBabeldAndAgent()
    {
        RequireBabeld();
        return RequireAgent();
    }

    /// <summary>
    /// Namespaces, wireguard-go, <c>wg</c>, nftables, the agent's and the controller's Release builds, and a PostgreSQL
    /// server to start; returns the paths of babelwire-agent.dll and babelwire-controller.dll.
    /// </summary>
    public static (string AgentDll, string ControllerDll) RequireControlPlane()
    {
        var agent = RequireWireGuardGoAndAgent();
        PostgresServer.FindBinDirectory(out var problem);
        Require(problem);
        var controller = ControllerBuild.FindControllerDll();
        Require(controller is null
            ? $"babelwire-controller.dll was not found under Controller/bin/Release (searched from {AppContext.BaseDirectory}); run `dotnet build Babelwire.slnx -c Release`"
            : null);
        return (agent, controller!);
    }

    /// <summary>Everything <see cref="RequireControlPlane"/> needs, and Debian's Chromium for Playwright; returns the builds' paths.</summary>
    public static (string AgentDll, string ControllerDll) RequireDashboard()
    {
        var builds = RequireControlPlane();
        Require(File.Exists(DashboardBrowser.ChromiumExecutable)
            ? null
            : $"{DashboardBrowser.ChromiumExecutable} is not installed (Debian package chromium; scripts/install-deps.sh installs it)");
        return builds;
    }

    private static string RequireAgent()
    {
        var agent = AgentBuild.FindAgentDll();
        Require(agent is null
            ? $"babelwire-agent.dll was not found next to the test assembly or under Agent/bin/Release (searched from {AppContext.BaseDirectory}); run `dotnet build Babelwire.slnx -c Release`"
            : null);
        return agent!;
    }

    private static void Require(string? problem)
    {
        if (problem is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"system test prerequisite missing under CI=true: {problem}");
        }

        Assert.Skip($"system test prerequisite missing: {problem}");
    }

    private static string? FindNamespaceProblem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var effective = uid?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2);
        if (effective != "0")
        {
            return $"system tests must run as root (effective uid {effective ?? "unknown"})";
        }

        try
        {
            var result = Command.RunAsync("ip", ["netns", "list"], TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            return result.Succeeded ? null : $"`ip netns list` failed: {result}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"the `ip` command (iproute2) could not be run: {e.Message}";
        }
    }
}
