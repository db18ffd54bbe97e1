using System.Net;
using System.Text.Json;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Admin;

public sealed class AuthenticationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_api_endpoint_but_enrolment_answers_401_problem_details_without_a_valid_admin_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("auth", ct));
        controller.Start();
        var endpoints = ApiEndpoints.All(controller.Services)
            .Where(e => ApiEndpoints.OpenApiPath(e.Endpoint) != ControlPlaneRoutes.Enrolment)
            .ToList();
        Assert.Contains(endpoints, e => ApiEndpoints.OpenApiPath(e.Endpoint) == "/api/v1/tokens");
        Assert.Contains(endpoints, e => ApiEndpoints.OpenApiPath(e.Endpoint) == "/api/v1/api-keys/{id}");
        Assert.Contains(endpoints, e => ApiEndpoints.OpenApiPath(e.Endpoint) == "/api/v1/settings");
        using var anonymous = controller.CreateClient();
        using var wrongKey = controller.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", Babelwire.Controller.Security.SecretHash.NewSecret());

        foreach (var (method, endpoint) in endpoints)
        {
            foreach (var client in new[] { anonymous, wrongKey })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), ApiEndpoints.SamplePath(endpoint));
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }
                using var response = await client.SendAsync(request, ct);
                var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized, ct);
                Assert.Equal("Authentication required", problem.GetProperty("title").GetString());
            }
        }
    }

    [Fact]
    public async Task Enrolment_needs_no_admin_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("auth", ct));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var anonymous = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct);

        var enrolled = await EnrolAsync(anonymous, NewRequest(token.Secret), ct);

        Assert.NotEqual(Guid.Empty, enrolled.NodeId);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_api_endpoint_with_its_name_and_summary()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("auth", ct));
        controller.Start();
        using var client = controller.CreateAdminClient();

        // Not anonymous: an admin key (or a dashboard sign-in, see DashboardWallsTests).
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", ct));

        var paths = document.RootElement.GetProperty("paths");
        var endpoints = ApiEndpoints.All(controller.Services);
        Assert.NotEmpty(endpoints);
        foreach (var (method, endpoint) in endpoints)
        {
            var path = ApiEndpoints.OpenApiPath(endpoint);
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the OpenAPI document");
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()), $"{method} {path} has no name");
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }
    }
}
