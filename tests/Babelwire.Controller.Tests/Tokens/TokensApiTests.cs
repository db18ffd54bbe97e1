using System.Net;
using System.Net.Http.Json;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Tokens;

public sealed class TokensApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_created_token_shows_its_secret_once_and_is_listed_without_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var connectionString = await postgres.Server.CreateDatabaseAsync("tokens", ct);
        await using var controller = new ControllerFactory(connectionString, services: s => s.AddSingleton<TimeProvider>(time));
        controller.Start();
        using var admin = controller.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "rack 3", tags = new[] { "rack-3", "web" } }, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedEnrolmentTokenDto>(ct))!;
        Assert.Equal($"/api/v1/tokens/{created.Token.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(43, created.Secret.Length);
        var expected = new EnrolmentTokenDto(created.Token.Id, "rack 3", null, 0, null, time.GetUtcNow(), time.GetUtcNow().AddHours(24), null, ["rack-3", "web"], EnrolmentTokenStates.Active);
        Assert.Equivalent(expected, created.Token, strict: true);
        var list = await admin.GetStringAsync("/api/v1/tokens", ct);
        var one = await admin.GetStringAsync($"/api/v1/tokens/{created.Token.Id}", ct);
        Assert.DoesNotContain(created.Secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, one, StringComparison.Ordinal);
        Assert.Equivalent(expected, (await admin.GetFromJsonAsync<List<EnrolmentTokenDto>>("/api/v1/tokens", ct))!.Single(), strict: true);
        var stored = (byte[])(await ScalarAsync(connectionString, "SELECT secret_hash FROM enrolment_tokens", ct))!;
        Assert.True(Babelwire.Controller.Security.SecretHash.Matches(created.Secret, stored));
    }

    [Fact]
    public async Task Expiry_is_taken_from_expires_in_or_expires_at_and_an_expired_token_shows_as_expired()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("tokens", ct), services: s => s.AddSingleton<TimeProvider>(time));
        controller.Start();
        using var admin = controller.CreateAdminClient();

        var inHour = await CreateTokenAsync(admin, ct, expiresIn: TimeSpan.FromHours(1));
        using var atResponse = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "at", maxUses = 3, expiresAt = time.GetUtcNow().AddDays(3) }, ct);
        var at = (await atResponse.Content.ReadFromJsonAsync<CreatedEnrolmentTokenDto>(ct))!;
        time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(time.GetUtcNow().AddHours(-1), inHour.Token.ExpiresAt);
        Assert.Equal((time.GetUtcNow().AddDays(3).AddHours(-2), 3, 3), (at.Token.ExpiresAt, at.Token.MaxUses!.Value, at.Token.RemainingUses!.Value));
        Assert.Equal(EnrolmentTokenStates.Expired, (await admin.GetFromJsonAsync<EnrolmentTokenDto>($"/api/v1/tokens/{inHour.Token.Id}", ct))!.State);
        Assert.Equal(EnrolmentTokenStates.Active, (await admin.GetFromJsonAsync<EnrolmentTokenDto>($"/api/v1/tokens/{at.Token.Id}", ct))!.State);
    }

    [Fact]
    public async Task Revoking_marks_the_token_revoked_keeps_it_listed_and_an_unknown_id_is_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("tokens", ct));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        var token = await CreateTokenAsync(admin, ct);

        using var first = await admin.DeleteAsync($"/api/v1/tokens/{token.Token.Id}", ct);
        var revokedAt = (await admin.GetFromJsonAsync<EnrolmentTokenDto>($"/api/v1/tokens/{token.Token.Id}", ct))!.RevokedAt;
        using var second = await admin.DeleteAsync($"/api/v1/tokens/{token.Token.Id}", ct);
        using var unknown = await admin.DeleteAsync($"/api/v1/tokens/{Guid.NewGuid()}", ct);
        using var unknownGet = await admin.GetAsync($"/api/v1/tokens/{Guid.NewGuid()}", ct);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, second.StatusCode));
        var dto = (await admin.GetFromJsonAsync<List<EnrolmentTokenDto>>("/api/v1/tokens", ct))!.Single();
        Assert.Equal((EnrolmentTokenStates.Revoked, revokedAt), (dto.State, dto.RevokedAt));
        Assert.NotNull(revokedAt);
        await ProblemAsync(unknown, HttpStatusCode.NotFound, ct);
        await ProblemAsync(unknownGet, HttpStatusCode.NotFound, ct);
    }

    public static TheoryData<string, string> InvalidTokens => new()
    {
        { """{"name":""}""", "name" },
        { $$"""{"name":"{{new string('n', 101)}}"}""", "name" },
        { """{"name":"t","maxUses":0}""", "maxUses" },
        { """{"name":"t","expiresIn":"01:00:00","expiresAt":"2100-01-01T00:00:00Z"}""", "expiresIn" },
        { """{"name":"t","expiresIn":"-01:00:00"}""", "expiresIn" },
        { """{"name":"t","expiresIn":"400.00:00:00"}""", "expiresIn" },
        { """{"name":"t","expiresAt":"2000-01-01T00:00:00Z"}""", "expiresAt" },
        { """{"name":"t","tags":["Web"]}""", "tags" },
        { """{"name":"t","tags":["-web"]}""", "tags" },
        { """{"name":"t","tags":["a b"]}""", "tags" },
        { """{"name":"t","tags":["web","web"]}""", "tags" },
    };

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task An_invalid_token_request_is_a_validation_problem_and_creates_nothing(string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("tokens", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();

        using var response = await admin.PostAsync("/api/v1/tokens", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM enrolment_tokens", ct));
    }
}
