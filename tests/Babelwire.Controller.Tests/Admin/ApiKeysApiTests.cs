using System.Net;
using System.Net.Http.Json;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Api;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Admin;

public sealed class ApiKeysApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_created_key_works_is_listed_without_its_secret_and_stops_working_once_revoked()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("apikeys", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "ci" }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedApiKeyDto>(ct))!;
        using var withNewKey = controller.CreateClient();
        withNewKey.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        using (var allowed = await withNewKey.GetAsync("/api/v1/tokens", ct))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        var list = await admin.GetStringAsync("/api/v1/api-keys", ct);
        var keys = (await admin.GetFromJsonAsync<List<ApiKeyDto>>("/api/v1/api-keys", ct))!;

        using var revoke = await admin.DeleteAsync($"/api/v1/api-keys/{created.Key.Id}", ct);
        using var refused = await withNewKey.GetAsync("/api/v1/tokens", ct);

        Assert.DoesNotContain(created.Secret, list, StringComparison.Ordinal);
        Assert.Equal(["bootstrap", "ci"], keys.Select(k => k.Name));
        Assert.NotNull(keys.Single(k => k.Name == "ci").LastUsedAt);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await ProblemAsync(refused, HttpStatusCode.Unauthorized, ct);
        Assert.NotNull((await admin.GetFromJsonAsync<List<ApiKeyDto>>("/api/v1/api-keys", ct))!.Single(k => k.Name == "ci").RevokedAt);
    }

    [Fact]
    public async Task The_last_active_key_cannot_be_revoked_but_the_own_key_can_once_another_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("apikeys", ct));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        var bootstrap = (await admin.GetFromJsonAsync<List<ApiKeyDto>>("/api/v1/api-keys", ct))!.Single();

        using var lastOne = await admin.DeleteAsync($"/api/v1/api-keys/{bootstrap.Id}", ct);
        var problem = await ProblemAsync(lastOne, HttpStatusCode.Conflict, ct);
        Assert.Contains("you are using", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var created = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "successor" }, ct);
        var successor = (await created.Content.ReadFromJsonAsync<CreatedApiKeyDto>(ct))!;
        using var own = await admin.DeleteAsync($"/api/v1/api-keys/{bootstrap.Id}", ct);
        using var afterwards = await admin.GetAsync("/api/v1/api-keys", ct);
        using var withSuccessor = controller.CreateClient();
        withSuccessor.DefaultRequestHeaders.Add("X-Api-Key", successor.Secret);
        using var successorLast = await withSuccessor.DeleteAsync($"/api/v1/api-keys/{successor.Key.Id}", ct);

        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        await ProblemAsync(afterwards, HttpStatusCode.Unauthorized, ct);
        await ProblemAsync(successorLast, HttpStatusCode.Conflict, ct);
    }

    [Fact]
    public async Task A_key_without_a_name_is_a_validation_problem_and_an_unknown_key_is_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("apikeys", ct));
        controller.Start();
        using var admin = controller.CreateAdminClient();

        using var invalid = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = " " }, ct);
        using var unknown = await admin.DeleteAsync($"/api/v1/api-keys/{Guid.NewGuid()}", ct);

        Assert.True((await ProblemAsync(invalid, HttpStatusCode.BadRequest, ct)).GetProperty("errors").TryGetProperty("name", out _));
        await ProblemAsync(unknown, HttpStatusCode.NotFound, ct);
        Assert.Single((await admin.GetFromJsonAsync<List<ApiKeyDto>>("/api/v1/api-keys", ct))!);
    }
}
