using System.Net;
using Babelwire.Controller.Tests.Enrolment;
using Babelwire.Testing;

namespace Babelwire.Controller.Tests.Infrastructure;

public sealed class DatabaseOutageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Admin_requests_get_503_problem_while_postgres_is_down_and_work_again_after()
    {
        var ct = TestContext.Current.CancellationToken;
        _ = postgres.Server; // the shared server's presence is the prerequisite check; this test restarts its own
        await using var server = await PostgresServer.StartAsync(durable: false, ct);
        await using var controller = new ControllerFactory(await server.CreateDatabaseAsync("outage", ct));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using (var before = await admin.GetAsync("/api/v1/nodes", ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await server.StopAsync();
        using (var during = await admin.GetAsync("/api/v1/nodes", ct))
        {
            await EnrolmentTestKit.ProblemAsync(during, HttpStatusCode.ServiceUnavailable, ct);
            Assert.NotNull(during.Headers.RetryAfter);
        }

        await server.RestartAsync(ct);
        using var after = await admin.GetAsync("/api/v1/nodes", ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
