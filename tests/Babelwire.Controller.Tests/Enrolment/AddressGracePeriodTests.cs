using Babelwire.Controller.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Enrolment;

public sealed class AddressGracePeriodTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_deleted_nodes_addresses_are_reused_only_after_the_grace_period()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connectionString = await postgres.Server.CreateDatabaseAsync("grace", ct);
        await using var controller = new ControllerFactory(connectionString,
            settings: new Dictionary<string, string?> { ["Mesh:AddressGracePeriod"] = "01:00:00" },
            services: s => s.AddSingleton<TimeProvider>(time));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct, expiresIn: TimeSpan.FromDays(2));
        var deleted = await EnrolAsync(agent, NewRequest(token.Secret, "deleted"), ct);
        // What DELETE /api/v1/nodes/{id} does to the leases (that API belongs to the hub's area).
        await ScalarAsync(connectionString, "UPDATE address_leases SET released_at = $1 WHERE node_id = $2", ct, time.GetUtcNow(), deleted.NodeId);
        await ScalarAsync(connectionString, "DELETE FROM nodes WHERE id = $1", ct, deleted.NodeId);

        time.Advance(TimeSpan.FromMinutes(59));
        var during = await EnrolAsync(agent, NewRequest(token.Secret, "during"), ct);
        time.Advance(TimeSpan.FromMinutes(1));
        var after = await EnrolAsync(agent, NewRequest(token.Secret, "after"), ct);

        Assert.Equal(("fd00:b:1::1/128", "198.18.0.1/32"), (deleted.OverlayIPv6, deleted.OverlayIPv4));
        Assert.Equal(("fd00:b:1::2/128", "198.18.0.2/32"), (during.OverlayIPv6, during.OverlayIPv4));
        Assert.Equal((deleted.OverlayIPv6, deleted.OverlayIPv4), (after.OverlayIPv6, after.OverlayIPv4));
        Assert.Equal(4L, await ScalarAsync(connectionString, "SELECT count(*) FROM address_leases WHERE released_at IS NULL", ct));
        Assert.Equal(2L, await ScalarAsync(connectionString, "SELECT count(*) FROM address_leases WHERE node_id = $1", ct, after.NodeId));
    }
}
