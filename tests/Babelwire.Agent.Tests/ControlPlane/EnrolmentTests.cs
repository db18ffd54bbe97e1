using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>Enrolment against a test controller over real HTTP on loopback.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class EnrolmentTests
{
    [Fact]
    public async Task The_agent_enrols_once_stores_the_answer_mode_0600_and_reuses_it_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var controller = await TestController.StartAsync(ct);
        var config = ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """);

        await using (var first = await ControlPlaneHarness.StartAsync(dir, config, TimeProvider.System, new FakeStateSource(), ct))
        {
            var request = Assert.Single(controller.Enrolments);
            Assert.Equal(("T1", first.PublicKey.ToString(), "alpha"), (request.Token, request.PublicKey, request.Hostname));
            Assert.Equal(LinkLocalAddress.FromPublicKey(first.PublicKey).ToString(), request.LinkLocal);
            Assert.Equal(["192.0.2.1:51820"], request.Endpoints);
            Assert.Equal(ProtocolVersion.Current, request.ProtocolVersion);
            Assert.Equal(controller.Hub.NodeId, first.State.Enrolment!.Response.NodeId);
            Assert.Contains(first.Logs.Entries, e => e.Level == LogLevel.Information && e.EventId == 6000 && e.Message.Contains("alpha", StringComparison.Ordinal));
        }

        var path = Path.Combine(dir.Path, "state", ControlPlaneStore.EnrolmentFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "state"), "*.tmp"));
        using (var stored = JsonDocument.Parse(await File.ReadAllTextAsync(path, ct)))
            Assert.Equal("credential-1", stored.RootElement.GetProperty("response").GetProperty("hubCredential").GetString());

        await using var second = await ControlPlaneHarness.StartAsync(dir, config, TimeProvider.System, new FakeStateSource(), ct);
        Assert.Single(controller.Enrolments);
        Assert.Equal(controller.Hub.NodeId, second.State.Enrolment!.Response.NodeId);
        Assert.Contains(second.Logs.Entries, e => e.EventId == 6001);
    }

    [Fact]
    public async Task The_overlay_addresses_of_the_enrolment_become_the_interfaces_addresses_and_are_announced_when_the_config_has_none()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var controller = await TestController.StartAsync(ct);

        await using var agent = await ControlPlaneHarness.StartAsync(dir, ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """), TimeProvider.System, new FakeStateSource(), ct);

        Assert.Equal([IPNetwork.Parse("fd00:b1::5/128"), IPNetwork.Parse("198.18.0.5/32")], agent.Options.WireGuard!.Addresses);
        Assert.Equal(["fd00:b1::5/128", "198.18.0.5/32"], agent.Options.Announce.Select(a => a.Prefix.ToString()));
    }

    [Fact]
    public async Task Addresses_in_the_config_win_over_the_enrolments()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var controller = await TestController.StartAsync(ct);

        await using var agent = await ControlPlaneHarness.StartAsync(
            dir, ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """, """, "addresses": [ "2001:db8:ff::1/128" ] """), TimeProvider.System, new FakeStateSource(), ct);

        Assert.Equal([IPNetwork.Parse("2001:db8:ff::1/128")], agent.Options.WireGuard!.Addresses);
    }

    [Fact]
    public async Task A_refused_token_is_fatal_with_the_controllers_problem_details_and_leaves_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var controller = await TestController.StartAsync(ct);
        controller.EnrolmentAnswer = (_, _) => Results.Problem(title: "Invalid enrolment token", detail: "The token has expired.", statusCode: 401);

        await using var agent = ControlPlaneHarness.Begin(dir, ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """), TimeProvider.System, new FakeStateSource(), ct);

        var e = await Assert.ThrowsAsync<EnrolmentRejectedException>(() => agent.Started.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Contains("401", e.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid enrolment token: The token has expired.", e.Message, StringComparison.Ordinal);
        Assert.Contains(agent.Logs.Entries, x => x.Level == LogLevel.Error && x.EventId == 6003 && x.Message.Contains("The token has expired.", StringComparison.Ordinal));
        Assert.Equal(1, agent.Exit.Code);
        Assert.Single(controller.Enrolments);
        Assert.False(File.Exists(Path.Combine(dir.Path, "state", ControlPlaneStore.EnrolmentFile)));
    }

    [Fact]
    public async Task Validation_errors_from_the_controller_are_named_field_by_field()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var controller = await TestController.StartAsync(ct);
        controller.EnrolmentAnswer = (_, _) => Results.ValidationProblem(new Dictionary<string, string[]> { ["Endpoints[0]"] = ["is not host:port"] });

        await using var agent = ControlPlaneHarness.Begin(dir, ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """), TimeProvider.System, new FakeStateSource(), ct);

        var e = await Assert.ThrowsAsync<EnrolmentRejectedException>(() => agent.Started.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Contains("400", e.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoints[0]: is not host:port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_and_without_a_stored_enrolment_the_agent_stops_naming_the_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var controller = await TestController.StartAsync(ct);

        await using var agent = ControlPlaneHarness.Begin(dir, ControlPlaneHarness.Config(controller.Url), TimeProvider.System, new FakeStateSource(), ct);

        var e = await Assert.ThrowsAsync<EnrolmentRejectedException>(() => agent.Started.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Contains("controller.token", e.Message, StringComparison.Ordinal);
        Assert.Empty(controller.Enrolments);
    }

    [Fact]
    public async Task The_token_can_come_from_a_file()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("token"), "from-a-file\n", ct);
        await using var controller = await TestController.StartAsync(ct);

        await using var agent = await ControlPlaneHarness.StartAsync(
            dir, ControlPlaneHarness.Config(controller.Url, $$""", "tokenFile": "{{dir.File("token")}}" """), TimeProvider.System, new FakeStateSource(), ct);

        Assert.Equal("from-a-file", Assert.Single(controller.Enrolments).Token);
    }

    [Fact]
    public async Task A_failing_controller_is_retried_with_backoff_until_it_enrols_the_agent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        await using var controller = await TestController.StartAsync(ct);
        controller.EnrolmentAnswer = (n, request) => n <= 2
            ? Results.Problem(title: "Database unavailable", statusCode: 503)
            : Results.Ok(TestController.DefaultEnrolment(controller.Hub, n));

        await using var agent = ControlPlaneHarness.Begin(dir, ControlPlaneHarness.Config(controller.Url, """, "token": "T1" """), time, new FakeStateSource(), ct);

        await controller.WaitForEnrolmentsAsync(1, ct);
        await Poll.UntilAsync(() => agent.Logs.Entries.Any(e => e.EventId == 6002), ct);
        Assert.Contains(agent.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("503", StringComparison.Ordinal) && e.Message.Contains("Database unavailable", StringComparison.Ordinal));
        // No second attempt before the backoff has passed on the agent's clock.
        await Task.Delay(300, ct);
        Assert.Single(controller.Enrolments);
        Assert.False(agent.Started.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1.25));   // the first delay: 1 s, jittered to at most 1.25 s
        await controller.WaitForEnrolmentsAsync(2, ct);
        await Poll.UntilAsync(() => agent.Logs.Entries.Count(e => e.EventId == 6002) == 2, ct);
        time.Advance(TimeSpan.FromSeconds(2.5));    // the second: 2 s, at most 2.5 s
        await agent.Started.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Equal(3, controller.Enrolments.Count);
        Assert.Equal(0, agent.Exit.Code);
        Assert.True(File.Exists(Path.Combine(dir.Path, "state", ControlPlaneStore.EnrolmentFile)));
    }

    [Fact]
    public async Task An_unreachable_controller_is_retried_rather_than_fatal()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider();
        Uri url;
        await using (var gone = await TestController.StartAsync(ct))
            url = gone.Url;

        await using var agent = ControlPlaneHarness.Begin(dir, ControlPlaneHarness.Config(url, """, "token": "T1" """), time, new FakeStateSource(), ct);

        await Poll.UntilAsync(() => agent.Logs.Entries.Any(e => e.EventId == 6002 && e.Level == LogLevel.Warning), ct);
        Assert.False(agent.Started.IsCompleted);
        Assert.Equal(0, agent.Exit.Code);
        Assert.NotNull(agent.State.LastError);
    }
}
