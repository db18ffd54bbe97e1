using System.Net;
using System.Text.Json;
using Npgsql;

namespace Babelwire.Controller.Tests.Infrastructure;

public sealed class HostingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Controller_applies_the_migrations_on_start_and_reports_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("hosting", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var client = controller.CreateClient();

        using var ready = await client.GetAsync("/health/ready", ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", connection);
        Assert.True((long)(await command.ExecuteScalarAsync(ct))! >= 1);
    }

    [Fact]
    public async Task Readiness_fails_while_the_database_is_away_and_liveness_does_not()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("hosting", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var client = controller.CreateClient();
        await using (var connection = new NpgsqlConnection(postgres.Server.ConnectionString("postgres")))
        {
            await connection.OpenAsync(ct);
            var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
            NpgsqlConnection.ClearAllPools();
            await using var rename = new NpgsqlCommand($"ALTER DATABASE \"{database}\" RENAME TO \"{database}_away\"", connection);
            await rename.ExecuteNonQueryAsync(ct);
        }

        using var ready = await client.GetAsync("/health/ready", ct);
        using var live = await client.GetAsync("/health/live", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_is_served_to_an_admin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("hosting", ct));
        controller.Start();
        using var client = controller.CreateAdminClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", ct));

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
    }
}
