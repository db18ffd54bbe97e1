using System.Text.Json;
using Babelwire.Agent.Cli;
using Babelwire.Agent.Tests.Hosting;

namespace Babelwire.Agent.Tests;

public sealed class CommandLineTests
{
    private static async Task<(int Code, string Output, string Error)> Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AgentCommandLine.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Status_without_a_running_agent_says_so_and_exits_3()
    {
        using var dir = new TempDirectory();

        var (code, output, error) = await Invoke("status", "--socket", dir.File("agent.sock"));

        Assert.Equal(3, code);
        Assert.Empty(output);
        Assert.Contains("no agent is running", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_a_bad_config_lists_every_problem_exits_2_and_creates_nothing()
    {
        using var dir = new TempDirectory();
        var state = Path.Combine(dir.Path, "state");
        var socket = dir.File("agent.sock");
        await File.WriteAllTextAsync(dir.File("bad.json"), $$"""
            { "stateDirectory": "{{state}}", "statusSocket": "{{socket}}",
              "interfaces": [ { "name": "veth0", "helloInterval": "1h", "mtu": 9 } ] }
            """, TestContext.Current.CancellationToken);

        var (code, _, error) = await Invoke("run", "--config", dir.File("bad.json"));

        Assert.Equal(2, code);
        Assert.Contains("interfaces[0].helloInterval:", error, StringComparison.Ordinal);
        Assert.Contains("interfaces[0].mtu:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state));
        Assert.False(File.Exists(socket));
    }

    [Fact]
    public async Task Run_check_validates_the_example_config_without_starting()
    {
        var (code, output, error) = await Invoke("run", "--check", "--config", Path.Combine(AppContext.BaseDirectory, "examples", "standalone.json"));

        Assert.Equal(0, code);
        Assert.EndsWith("standalone.json: valid", output.Trim(), StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Run_without_a_config_option_is_a_usage_error()
    {
        var (code, _, error) = await Invoke("run");

        Assert.NotEqual(0, code);
        Assert.Contains("--config", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_prints_tables_by_default_and_the_report_with_json()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var link = new InMemoryLink();
        var resolver = new FakeInterfaceResolver();
        var iface = TestAgent.Interface("veth-a", 3, "fe80::a");
        resolver.Add(iface);
        await using var agent = await TestAgent.StartAsync(dir, TestAgent.Config("veth-a", "2001:db8:a::/48"), link.Attach(iface), resolver, ct);
        await agent.WaitForAsync(r => r.Summary.InterfacesUp == 1, ct);

        var table = await Invoke("status", "--socket", agent.Socket);
        var json = await Invoke("status", "--json", "--socket", agent.Socket);
        var summary = await Invoke("status", "--summary", "--socket", agent.Socket);

        Assert.Equal(0, table.Code);
        Assert.Contains("Announced (1)", table.Output, StringComparison.Ordinal);
        Assert.Contains("  2001:db8:a::/48  0", table.Output, StringComparison.Ordinal);
        Assert.Equal(0, json.Code);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("veth-a", document.RootElement.GetProperty("interfaces")[0].GetProperty("name").GetString());
        Assert.Equal(0, summary.Code);
        Assert.Equal(2, summary.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("interfaces 1/1 up", summary.Output, StringComparison.Ordinal);
    }
}
