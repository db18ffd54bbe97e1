using System.Text.Json;
using Babelwire.Agent.Status;

namespace Babelwire.Agent.Tests.ControlPlane;

public sealed class ControlPlaneStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);

    private static StatusReport Report(ControlPlaneReport controlPlane) => new(
        "02:00:00:00:00:00:00:01", 7, Now, new StatusSummary(0, 0, 0, 0, 0, 0), [], [], [], [], new Dictionary<string, long>(), ControlPlane: controlPlane);

    [Fact]
    public void Status_shows_the_node_the_link_to_the_controller_its_peer_set_and_the_last_error()
    {
        var id = Guid.Parse("0b7e2c1a-0000-4000-8000-000000000001");
        var lines = StatusFormatter.Full(Report(new ControlPlaneReport(
            "https://controller.example/", "away", id, "alpha", false, Now.AddSeconds(-42), 12, 3, "Connection refused (controller.example:443)"))).Split('\n');

        Assert.Contains($"Controller https://controller.example/  node alpha ({id})  away 42s ago  peer set v12, 3 peer(s)", lines);
        Assert.Contains("  last error: Connection refused (controller.example:443)", lines);
    }

    [Fact]
    public void Status_of_an_agent_still_enrolling_says_so_and_the_json_names_the_fields()
    {
        var report = Report(new ControlPlaneReport("https://controller.example/", "enrolling", null, null, false, null, null, 0, null));

        Assert.Contains("Controller https://controller.example/  not enrolled  enrolling  no peer set", StatusFormatter.Full(report).Split('\n'));
        var json = JsonSerializer.Serialize(report, StatusJsonContext.Default.StatusReport);
        using var document = JsonDocument.Parse(json);
        var controlPlane = document.RootElement.GetProperty("controlPlane");
        Assert.Equal("enrolling", controlPlane.GetProperty("state").GetString());
        Assert.False(controlPlane.GetProperty("connected").GetBoolean());
    }
}
