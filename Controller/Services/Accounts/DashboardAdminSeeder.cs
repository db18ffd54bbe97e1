using Babelwire.Controller.Data;
using Babelwire.Controller.Data.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Services.Accounts;

/// <summary>
/// At start (after the migration), makes the admin account match <c>Dashboard:Admin</c> when it is configured: creates
/// it, or updates its user name and, when the configured password no longer verifies, its hash (which also ends a
/// lockout). A password that still verifies is left alone, so a restart does not rehash it.
/// </summary>
internal sealed class DashboardAdminSeeder(IServiceScopeFactory scopes, IOptions<DashboardAccountOptions> options, TimeProvider time, ILogger<DashboardAdminSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value;
        if (string.IsNullOrWhiteSpace(configured.UserName) || string.IsNullOrEmpty(configured.Password))
        {
            return;
        }
        var userName = configured.UserName.Trim();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeshDbContext>();
        var admin = await db.DashboardAdmins.SingleOrDefaultAsync(cancellationToken);
        if (admin is null)
        {
            admin = new DashboardAdmin { UserName = userName, PasswordHash = "", CreatedAt = time.GetUtcNow() };
            admin.PasswordHash = DashboardAccounts.Hasher.HashPassword(admin, configured.Password);
            db.DashboardAdmins.Add(admin);
            await db.SaveChangesAsync(cancellationToken);
            logger.DashboardAdminConfigured(userName, "created");
            return;
        }
        var changes = new List<string>();
        if (admin.UserName != userName)
        {
            admin.UserName = userName;
            changes.Add("user name");
        }
        if (DashboardAccounts.Hasher.VerifyHashedPassword(admin, admin.PasswordHash, configured.Password) != PasswordVerificationResult.Success)
        {
            admin.PasswordHash = DashboardAccounts.Hasher.HashPassword(admin, configured.Password);
            admin.FailedAttempts = 0;
            admin.LockedUntil = null;
            changes.Add("password");
        }
        if (changes.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.DashboardAdminConfigured(userName, "updated: " + string.Join(", ", changes));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
