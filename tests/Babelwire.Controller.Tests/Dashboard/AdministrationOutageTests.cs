using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Dashboard;
using Babelwire.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Controller.Tests.Dashboard;

public sealed class AdministrationOutageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_administration_service_answers_unavailable_while_postgres_is_down_and_works_again_after()
    {
        var ct = TestContext.Current.CancellationToken;
        _ = postgres.Server; // the shared server's presence is the prerequisite check; this test restarts its own
        await using var server = await PostgresServer.StartAsync(durable: false, ct);
        await using var controller = new ControllerFactory(await server.CreateDatabaseAsync("outage", ct));
        controller.Start();
        Assert.True((await TokensAsync(controller, ct)).Succeeded);

        await server.StopAsync();
        await using (var scope = controller.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var nodeId = Guid.NewGuid();
            AdminProblem?[] problems =
            [
                (await services.GetRequiredService<INodeAdministration>().DisableAsync(nodeId, ct)).Problem,
                (await services.GetRequiredService<INodeAdministration>().EnableAsync(nodeId, ct)).Problem,
                (await services.GetRequiredService<INodeAdministration>().DeleteAsync(nodeId, ct)).Problem,
                (await services.GetRequiredService<INodeAdministration>().GetPeerStatisticsAsync(nodeId, ct)).Problem,
                (await services.GetRequiredService<IMeshEventLog>().QueryAsync(new MeshEventQuery(), ct)).Problem,
                (await services.GetRequiredService<IEnrolmentTokenAdministration>().ListAsync(ct)).Problem,
                (await services.GetRequiredService<IEnrolmentTokenAdministration>().CreateAsync(new NewEnrolmentToken("rack", null, TimeSpan.FromHours(1), []), ct)).Problem,
                (await services.GetRequiredService<IEnrolmentTokenAdministration>().RevokeAsync(nodeId, ct)).Problem,
                (await services.GetRequiredService<IApiKeyAdministration>().ListAsync(ct)).Problem,
                (await services.GetRequiredService<IApiKeyAdministration>().CreateAsync("ci", ct)).Problem,
                (await services.GetRequiredService<IApiKeyAdministration>().RevokeAsync(nodeId, ct)).Problem,
                (await services.GetRequiredService<IMeshSettingsAdministration>().GetAsync(ct)).Problem,
                (await services.GetRequiredService<IMeshSettingsAdministration>().UpdateAsync(new MeshSettingsChange(1, StateReportInterval: TimeSpan.FromSeconds(5)), ct)).Problem,
                (await services.GetRequiredService<IDashboardAccounts>().IsSetUpAsync(ct)).Problem,
                (await services.GetRequiredService<IDashboardAccounts>().CreateFirstAdminAsync("admin", "a long enough password", ct)).Problem,
            ];
            Assert.All(problems, p => Assert.Equal(AdminProblemKind.Unavailable, p?.Kind));
            Assert.Equal(SignInResult.Unavailable, (await services.GetRequiredService<IDashboardAccounts>().SignInAsync("admin", "a long enough password", ct)).Result);
        }
        await MeshFeedTests.WaitForViewAsync(controller.Services.GetRequiredService<IMeshFeed>(), v => !v.DatabaseAvailable, "the view showing the database away", ct);

        await server.RestartAsync(ct);
        Assert.True((await TokensAsync(controller, ct)).Succeeded);
    }

    [Fact]
    public async Task Refusals_are_not_found_invalid_with_fields_and_conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("admin", ct));
        controller.Start();
        await using var scope = controller.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;

        Assert.Equal(AdminProblemKind.NotFound, (await services.GetRequiredService<INodeAdministration>().DisableAsync(Guid.NewGuid(), ct)).Problem!.Kind);
        var invalid = (await services.GetRequiredService<IEnrolmentTokenAdministration>().CreateAsync(new NewEnrolmentToken("", 0, TimeSpan.FromHours(1), ["Not A Label"]), ct)).Problem!;
        Assert.Equal(AdminProblemKind.Invalid, invalid.Kind);
        Assert.Equal(["maxUses", "name", "tags"], invalid.Errors!.Keys.Order());
        var events = (await services.GetRequiredService<IMeshEventLog>().QueryAsync(new MeshEventQuery(Kinds: ["nonsense"], Limit: 0), ct)).Problem!;
        Assert.Equal(["kind", "limit"], events.Errors!.Keys.Order());
        var keys = services.GetRequiredService<IApiKeyAdministration>();
        var onlyKey = Assert.Single((await keys.ListAsync(ct)).Value!);
        Assert.Equal(AdminProblemKind.Conflict, (await keys.RevokeAsync(onlyKey.Id, ct)).Problem!.Kind);
        var settings = services.GetRequiredService<IMeshSettingsAdministration>();
        var current = (await settings.GetAsync(ct)).Value!;
        Assert.Equal(AdminProblemKind.Conflict, (await settings.UpdateAsync(new MeshSettingsChange(current.Version + 1, StateReportInterval: TimeSpan.FromSeconds(5)), ct)).Problem!.Kind);
        var changed = await settings.UpdateAsync(new MeshSettingsChange(current.Version, StateReportInterval: TimeSpan.FromSeconds(5)), ct);
        Assert.Equal(TimeSpan.FromSeconds(5), changed.Value!.StateReportInterval);
    }

    private static async Task<AdminResult<IReadOnlyList<Shared.Api.EnrolmentTokenDto>>> TokensAsync(ControllerFactory controller, CancellationToken cancellationToken)
    {
        await using var scope = controller.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IEnrolmentTokenAdministration>().ListAsync(cancellationToken);
    }
}
