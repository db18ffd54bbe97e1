using Babelwire.Agent.SystemTests.Infrastructure;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.SystemTests.WireGuard;

public sealed class WireGuardGoProcessSystemTests
{
    [Fact(Timeout = 60_000)]
    public async Task Stopping_removes_the_interface_and_its_socket_and_a_name_in_use_is_refused()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetworkLab.CreateAsync("bwt", ct);
        var ns = await lab.AddNamespaceAsync("w", ct);
        var name = WireGuardPrerequisites.UniqueInterfaceName();
        var wireguard = await WireGuardGoProcess.StartAsync(name, ns.Name, cancellationToken: ct);
        try
        {
            var link = await NetworkLab.ExecAsync(ns, "ip", ["link", "show", name], ct);
            var taken = await Assert.ThrowsAsync<WireGuardGoException>(() => WireGuardGoProcess.StartAsync(name, ns.Name, cancellationToken: ct));

            Assert.True(link.Succeeded, link.ToString());
            Assert.Contains("already running", taken.Message, StringComparison.Ordinal);
        }
        finally
        {
            await wireguard.StopAsync(TimeSpan.FromSeconds(5), ct);
        }

        var after = await NetworkLab.ExecAsync(ns, "ip", ["link", "show", name], ct);
        await wireguard.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(1), ct);
        Assert.True(wireguard.HasExited);
        Assert.False(File.Exists(wireguard.SocketPath));
        Assert.False(after.Succeeded);
    }

    [Fact]
    public async Task A_missing_binary_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<WireGuardGoException>(() =>
            WireGuardGoProcess.StartAsync("bwgmissing", executable: "/nonexistent/wireguard-go", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("/nonexistent/wireguard-go was not found", error.Message, StringComparison.Ordinal);
    }
}
