using Babelwire.Agent.Cli;
using Microsoft.AspNetCore.Http;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary><c>babelwire-agent run</c> with a controller that refuses the token: nothing is created and the reason is printed.</summary>
public sealed class RunWithControllerTests
{
    [Fact]
    public async Task A_refused_enrolment_stops_the_agent_with_exit_code_1_and_the_controllers_reason_before_any_interface_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var controller = await TestController.StartAsync(ct);
        controller.EnrolmentAnswer = (_, _) => Results.Problem(title: "Invalid enrolment token", detail: "The token was revoked.", statusCode: 403);
        var config = dir.File("agent.json");
        await File.WriteAllTextAsync(config, ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """).Replace("{DIR}", dir.Path, StringComparison.Ordinal), ct);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await AgentCommandLine.InvokeAsync(["run", "--config", config, "--log-level", "Critical"], output, error).WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(1, code);
        Assert.Contains("cannot start", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("403", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Invalid enrolment token: The token was revoked.", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "state", "enrolment.json")));
        Assert.False(File.Exists(Path.Combine(dir.Path, "state", "wireguard-allowed-ips.json")));
    }
}
