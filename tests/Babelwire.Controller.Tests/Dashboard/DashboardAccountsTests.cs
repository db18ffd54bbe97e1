using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Dashboard;

public sealed class DashboardAccountsTests(PostgresFixture postgres)
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task The_first_run_creates_the_only_account_once_even_when_two_race()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("accounts", ct));
        controller.Start();
        Assert.False((await WithAccountsAsync(controller, a => a.IsSetUpAsync(ct))).Value);
        Assert.Equal(SignInResult.NotSetUp, (await WithAccountsAsync(controller, a => a.SignInAsync("admin", Password, ct))).Result);

        var tooShort = await WithAccountsAsync(controller, a => a.CreateFirstAdminAsync("admin", "short pass", ct));
        Assert.Equal(AdminProblemKind.Invalid, tooShort.Problem!.Kind);
        Assert.Contains("password", tooShort.Problem.Errors!.Keys);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            WithAccountsAsync(controller, a => a.CreateFirstAdminAsync($"admin{i}", Password, ct))));

        var created = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AdminProblemKind.Conflict, r.Problem!.Kind));
        Assert.True((await WithAccountsAsync(controller, a => a.IsSetUpAsync(ct))).Value);
        var name = $"admin{Array.IndexOf(results, created)}";
        var signedIn = await WithAccountsAsync(controller, a => a.SignInAsync(name.ToUpperInvariant(), Password, ct));
        Assert.Equal((SignInResult.Succeeded, name), (signedIn.Result, signedIn.UserName));
        var stored = (string)(await ScalarAsync(controller.ConnectionString, "SELECT password_hash FROM dashboard_admins", ct))!;
        Assert.DoesNotContain(Password, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password_until_the_lockout_ends()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("accounts", ct);
        await using var controller = new ControllerFactory(connectionString, settings: new Dictionary<string, string?>
        {
            ["Dashboard:Admin:UserName"] = "admin",
            ["Dashboard:Admin:Password"] = Password,
            ["Dashboard:Admin:LockoutDuration"] = "00:00:02",
        });
        controller.Start();

        // A success resets the count: four failures, a success, four more failures do not lock.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInResult.Invalid, (await WithAccountsAsync(controller, a => a.SignInAsync("admin", "wrong password!", ct))).Result);
        }
        Assert.Equal(SignInResult.Succeeded, (await WithAccountsAsync(controller, a => a.SignInAsync("admin", Password, ct))).Result);
        // Failures with a user name that does not exist count the same, and are answered the same.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInResult.Invalid, (await WithAccountsAsync(controller, a => a.SignInAsync("nobody", Password, ct))).Result);
        }
        var fifth = await WithAccountsAsync(controller, a => a.SignInAsync("admin", "wrong password!", ct));

        Assert.Equal(SignInResult.LockedOut, fifth.Result);
        Assert.NotNull(fifth.LockedUntil);
        Assert.Equal(SignInResult.LockedOut, (await WithAccountsAsync(controller, a => a.SignInAsync("admin", Password, ct))).Result);
        Assert.Equal(5, Convert.ToInt32(await ScalarAsync(connectionString, "SELECT failed_attempts FROM dashboard_admins", ct), System.Globalization.CultureInfo.InvariantCulture));

        await Task.Delay(fifth.LockedUntil!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200), ct);
        Assert.Equal(SignInResult.Succeeded, (await WithAccountsAsync(controller, a => a.SignInAsync("admin", Password, ct))).Result);
    }

    [Fact]
    public async Task A_configured_account_is_created_and_a_restart_rehashes_only_a_changed_password()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("accounts", ct);
        var settings = new Dictionary<string, string?> { ["Dashboard:Admin:UserName"] = "ops", ["Dashboard:Admin:Password"] = Password };
        string firstHash;
        await using (var first = new ControllerFactory(connectionString, settings: settings))
        {
            first.Start();
            Assert.Equal(AdminProblemKind.Conflict, (await WithAccountsAsync(first, a => a.CreateFirstAdminAsync("other", Password, ct))).Problem!.Kind);
            firstHash = (string)(await ScalarAsync(connectionString, "SELECT password_hash FROM dashboard_admins", ct))!;
        }
        await using (var same = new ControllerFactory(connectionString, settings: settings))
        {
            same.Start();
            Assert.Equal(firstHash, (string)(await ScalarAsync(connectionString, "SELECT password_hash FROM dashboard_admins", ct))!);
        }
        settings["Dashboard:Admin:Password"] = "a new long password";
        await using var changed = new ControllerFactory(connectionString, settings: settings);
        changed.Start();

        Assert.NotEqual(firstHash, (string)(await ScalarAsync(connectionString, "SELECT password_hash FROM dashboard_admins", ct))!);
        Assert.Equal(SignInResult.Invalid, (await WithAccountsAsync(changed, a => a.SignInAsync("ops", Password, ct))).Result);
        Assert.Equal(SignInResult.Succeeded, (await WithAccountsAsync(changed, a => a.SignInAsync("ops", "a new long password", ct))).Result);
    }

    [Fact]
    public async Task A_configured_password_shorter_than_12_characters_stops_the_start()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("accounts", ct), settings: new Dictionary<string, string?>
        {
            ["Dashboard:Admin:UserName"] = "admin",
            ["Dashboard:Admin:Password"] = "too short",
        });

        var e = Assert.ThrowsAny<Exception>(() => controller.Start());

        Assert.Contains("Dashboard:Admin:Password", e.ToString(), StringComparison.Ordinal);
    }

    internal static async Task<T> WithAccountsAsync<T>(ControllerFactory controller, Func<IDashboardAccounts, Task<T>> use)
    {
        await using var scope = controller.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<IDashboardAccounts>());
    }
}
