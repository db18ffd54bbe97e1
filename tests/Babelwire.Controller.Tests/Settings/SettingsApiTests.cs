using System.Net;
using System.Net.Http.Json;
using Babelwire.Controller.Services;
using Babelwire.Controller.Tests.Enrolment;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Api;
using Microsoft.Extensions.DependencyInjection;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Settings;

public sealed class SettingsApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Settings_show_every_value_and_a_change_is_stored_applied_and_pushed_to_the_agents()
    {
        var ct = TestContext.Current.CancellationToken;
        var notifier = new RecordingMeshChangeNotifier();
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("settings", ct),
            services: s => s.AddSingleton<IMeshChangeNotifier>(notifier));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        var before = (await admin.GetFromJsonAsync<MeshSettingsAdminDto>("/api/v1/settings", ct))!;

        using var response = await admin.PatchAsJsonAsync("/api/v1/settings",
            new { stateReportInterval = "00:00:30", addressGracePeriod = "1.00:00:00", eventRetention = "7.00:00:00", version = before.Version }, ct);

        Assert.Equal((ControllerFactory.OverlayIPv6Prefix, ControllerFactory.OverlayIPv4Prefix, TimeSpan.FromSeconds(10), TimeSpan.FromDays(7), TimeSpan.FromDays(30)),
            (before.OverlayIPv6Prefix, before.OverlayIPv4Prefix, before.StateReportInterval, before.AddressGracePeriod, before.EventRetention));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = (await admin.GetFromJsonAsync<MeshSettingsAdminDto>("/api/v1/settings", ct))!;
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromDays(1), TimeSpan.FromDays(7)), (after.StateReportInterval, after.AddressGracePeriod, after.EventRetention));
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal(after, await response.Content.ReadFromJsonAsync<MeshSettingsAdminDto>(ct));
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(notifier.Settings).StateReportInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), controller.Services.GetRequiredService<CurrentMeshSettings>().Value.StateReportInterval);
        // New enrolments get the new settings too.
        var token = await CreateTokenAsync(admin, ct);
        using var agent = controller.CreateClient();
        Assert.Equal(TimeSpan.FromSeconds(30), (await EnrolAsync(agent, NewRequest(token.Secret), ct)).Settings.StateReportInterval);
    }

    [Fact]
    public async Task Prefixes_change_while_the_mesh_is_empty_and_are_refused_with_409_once_a_node_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("settings", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();

        using var empty = await admin.PatchAsJsonAsync("/api/v1/settings", new { overlayIPv6Prefix = "fd00:b:2::/48", overlayIPv4Prefix = "198.19.0.0/24" }, ct);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var token = await CreateTokenAsync(admin, ct);
        var enrolled = await EnrolAsync(agent, NewRequest(token.Secret), ct);
        using var refused = await admin.PatchAsJsonAsync("/api/v1/settings", new { overlayIPv4Prefix = "198.18.0.0/24" }, ct);

        Assert.Equal(("fd00:b:2::1/128", "198.19.0.1/32"), (enrolled.OverlayIPv6, enrolled.OverlayIPv4));
        await ProblemAsync(refused, HttpStatusCode.Conflict, ct);
        Assert.Equal("198.19.0.0/24", (await admin.GetFromJsonAsync<MeshSettingsAdminDto>("/api/v1/settings", ct))!.OverlayIPv4Prefix);
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_409_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("settings", ct));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        var before = (await admin.GetFromJsonAsync<MeshSettingsAdminDto>("/api/v1/settings", ct))!;
        using var first = await admin.PatchAsJsonAsync("/api/v1/settings", new { stateReportInterval = "00:00:20", version = before.Version }, ct);

        using var stale = await admin.PatchAsJsonAsync("/api/v1/settings", new { stateReportInterval = "00:00:40", version = before.Version }, ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await ProblemAsync(stale, HttpStatusCode.Conflict, ct);
        Assert.Equal(TimeSpan.FromSeconds(20), (await admin.GetFromJsonAsync<MeshSettingsAdminDto>("/api/v1/settings", ct))!.StateReportInterval);
    }

    public static TheoryData<string, string> InvalidChanges => new()
    {
        { """{"stateReportInterval":"00:00:00"}""", "stateReportInterval" },
        { """{"stateReportInterval":"02:00:00"}""", "stateReportInterval" },
        { """{"addressGracePeriod":"-00:00:01"}""", "addressGracePeriod" },
        { """{"eventRetention":"00:10:00"}""", "eventRetention" },
        { """{"overlayIPv6Prefix":"2001:db8::/48"}""", "overlayIPv6Prefix" },
        { """{"overlayIPv6Prefix":"fd00::/64"}""", "overlayIPv6Prefix" },
        { """{"overlayIPv4Prefix":"198.18.0.0/31"}""", "overlayIPv4Prefix" },
        { """{"overlayIPv4Prefix":"not a prefix"}""", "overlayIPv4Prefix" },
    };

    [Theory]
    [MemberData(nameof(InvalidChanges))]
    public async Task An_invalid_change_is_a_validation_problem_and_changes_nothing(string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("settings", ct));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        var before = await admin.GetStringAsync("/api/v1/settings", ct);

        using var response = await admin.PatchAsync("/api/v1/settings", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await admin.GetStringAsync("/api/v1/settings", ct));
    }
}
