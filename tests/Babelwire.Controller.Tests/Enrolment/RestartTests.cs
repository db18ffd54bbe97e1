using System.Net;
using System.Net.Http.Json;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared;
using Babelwire.Shared.Api;
using Babelwire.Testing;
using Npgsql;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Enrolment;

public sealed class RestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Nodes_and_tokens_survive_a_controller_and_postgresql_restart_and_keep_working()
    {
        var ct = TestContext.Current.CancellationToken;
        _ = postgres.Server; // skips (or fails under CI) when PostgreSQL is missing
        await using var server = await PostgresServer.StartAsync(durable: true, ct);
        var connectionString = await server.CreateDatabaseAsync("restart", ct);
        var adminKey = SecretHashText();
        var request = NewRequest("", "survivor");
        CreatedEnrolmentTokenDto multi, single;
        List<Babelwire.Shared.Enrolment.EnrolmentResponse> before = [];
        await using (var controller = new ControllerFactory(connectionString, adminKey))
        {
            controller.Start();
            using var admin = controller.CreateAdminClient();
            using var agent = controller.CreateClient();
            multi = await CreateTokenAsync(admin, ct, maxUses: 10, name: "multi");
            single = await CreateTokenAsync(admin, ct, maxUses: 1, name: "single");
            before.Add(await EnrolAsync(agent, request with { Token = multi.Secret }, ct));
            before.Add(await EnrolAsync(agent, NewRequest(multi.Secret, "second"), ct));
            before.Add(await EnrolAsync(agent, NewRequest(single.Secret, "third"), ct));
        }

        await server.RestartAsync(ct);
        NpgsqlConnection.ClearAllPools();

        await using (var controller = new ControllerFactory(connectionString, adminKey))
        {
            controller.Start();
            using var admin = controller.CreateAdminClient();
            using var agent = controller.CreateClient();
            var tokens = (await admin.GetFromJsonAsync<List<EnrolmentTokenDto>>("/api/v1/tokens", ct))!;
            Assert.Equal([("multi", 2, 8), ("single", 1, 0)],
                tokens.OrderBy(t => t.Name).Select(t => (t.Name, t.Uses, t.RemainingUses ?? -1)));
            Assert.Equal(new MeshCounts(3, 6, 3, 3), await CountAsync(connectionString, ct));

            var again = await EnrolAsync(agent, request with { Token = multi.Secret }, ct);
            var fresh = await EnrolAsync(agent, NewRequest(multi.Secret, "fourth"), ct);
            using var usedUp = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, NewRequest(single.Secret, "fifth"), ct);

            Assert.Equal((before[0].NodeId, before[0].NodeName, before[0].OverlayIPv6, before[0].OverlayIPv4),
                (again.NodeId, again.NodeName, again.OverlayIPv6, again.OverlayIPv4));
            Assert.Equal(("fd00:b:1::4/128", "198.18.0.4/32"), (fresh.OverlayIPv6, fresh.OverlayIPv4));
            Assert.Equal(EnrolmentTokenStates.UsedUp, (await ProblemAsync(usedUp, HttpStatusCode.Forbidden, ct)).GetProperty("reason").GetString());
            Assert.Equal(3, (await admin.GetFromJsonAsync<EnrolmentTokenDto>($"/api/v1/tokens/{multi.Token.Id}", ct))!.Uses);
        }
    }

    private static string SecretHashText() => Babelwire.Controller.Security.SecretHash.NewSecret();
}
