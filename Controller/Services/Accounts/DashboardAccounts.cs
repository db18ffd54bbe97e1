using System.Security.Cryptography;
using Babelwire.Controller.Data;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Infrastructure;
using Babelwire.Controller.Services.Administration;
using Babelwire.Controller.Services.LiveView;
using Babelwire.Shared.Dashboard;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SignInResult = Babelwire.Shared.Dashboard.SignInResult;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Babelwire.Controller.Services.Accounts;

/// <summary>
/// The dashboard's one admin account in PostgreSQL. Every failed sign-in counts against that account, whatever user
/// name it gave, so neither the answer nor a lockout tells whether a user name exists; a wrong user name costs one
/// password verification, like a wrong password. After <see cref="DashboardAccountOptions.MaxFailedAttempts"/>
/// failures in a row the account is locked for <see cref="DashboardAccountOptions.LockoutDuration"/>; a success
/// resets the count. The count is changed by one conditional UPDATE, so concurrent attempts cannot lose a failure.
/// </summary>
internal sealed class DashboardAccounts(
    MeshDbContext db,
    IOptions<DashboardAccountOptions> options,
    DatabaseAvailability availability,
    TimeProvider time,
    ILogger<DashboardAccounts> logger) : IDashboardAccounts
{
    internal static readonly PasswordHasher<DashboardAdmin> Hasher = new();

    // Verified when there is no password to verify (wrong user name, locked account), so that every answer costs the same.
    private static readonly DashboardAdmin Nobody = new() { UserName = "", PasswordHash = "" };
    private static readonly string DummyHash = Hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public static string? CheckUserName(string userName) =>
        string.IsNullOrWhiteSpace(userName) || userName.Trim().Length > DashboardAccountOptions.MaxUserNameLength
            ? $"A user name of 1 to {DashboardAccountOptions.MaxUserNameLength} characters is required."
            : null;

    public static string? CheckPassword(string password) =>
        password is null || password.Length < DashboardAccountOptions.MinPasswordLength
            ? $"At least {DashboardAccountOptions.MinPasswordLength} characters."
            : null;

    public Task<AdminResult<bool>> IsSetUpAsync(CancellationToken cancellationToken) =>
        GuardAsync(async () => AdminResult<bool>.Ok(await db.DashboardAdmins.AnyAsync(cancellationToken)));

    public Task<AdminResult<Done>> CreateFirstAdminAsync(string userName, string password, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            Dictionary<string, string[]> errors = [];
            if (CheckUserName(userName) is { } badName)
            {
                errors["userName"] = [badName];
            }
            if (CheckPassword(password) is { } badPassword)
            {
                errors["password"] = [badPassword];
            }
            if (errors.Count > 0)
            {
                return AdminProblems.Fail<Done>(AdminProblems.Invalid("Invalid admin account", errors));
            }
            if (await db.DashboardAdmins.AnyAsync(cancellationToken))
            {
                return AdminProblems.Fail<Done>(AlreadySetUp);
            }
            var admin = new DashboardAdmin { UserName = userName.Trim(), PasswordHash = "", CreatedAt = time.GetUtcNow() };
            admin.PasswordHash = Hasher.HashPassword(admin, password);
            db.DashboardAdmins.Add(admin);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another first-run page won the race: the row's key is the constant 1.
                db.ChangeTracker.Clear();
                return AdminProblems.Fail<Done>(AlreadySetUp);
            }
            logger.DashboardAdminCreated(admin.UserName);
            return AdminResult<Done>.Ok(default);
        });

    public async Task<SignInOutcome> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        try
        {
            return await TrySignInAsync(userName ?? "", password ?? "", cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            availability.Report(false, e.GetBaseException().Message);
            return new SignInOutcome(SignInResult.Unavailable);
        }
    }

    private async Task<SignInOutcome> TrySignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var admin = await db.DashboardAdmins.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (admin is null)
        {
            return new SignInOutcome(SignInResult.NotSetUp);
        }
        var now = time.GetUtcNow();
        if (admin.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            Hasher.VerifyHashedPassword(Nobody, DummyHash, password);
            return new SignInOutcome(SignInResult.LockedOut, LockedUntil: lockedUntil);
        }
        var nameMatches = string.Equals(admin.UserName, userName.Trim(), StringComparison.OrdinalIgnoreCase);
        var verdict = Hasher.VerifyHashedPassword(admin, nameMatches ? admin.PasswordHash : DummyHash, password);
        if (nameMatches && verdict != PasswordVerificationResult.Failed)
        {
            var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(admin, password) : admin.PasswordHash;
            await db.DashboardAdmins.Where(a => a.Id == admin.Id).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.FailedAttempts, 0)
                .SetProperty(a => a.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(a => a.LastSignInAt, now)
                .SetProperty(a => a.PasswordHash, hash), cancellationToken);
            logger.DashboardSignedIn(admin.UserName);
            return new SignInOutcome(SignInResult.Succeeded, admin.UserName);
        }

        var limits = options.Value;
        var lockUntil = now + limits.LockoutDuration;
        // A lockout that has ended starts a new count; the failure that reaches the limit sets the lockout.
        await db.Database.ExecuteSqlAsync($"""
            UPDATE dashboard_admins SET
                failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= {now} THEN 1 ELSE failed_attempts + 1 END,
                locked_until = CASE
                    WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= {now} THEN 1 ELSE failed_attempts + 1 END) >= {limits.MaxFailedAttempts} THEN {lockUntil}
                    WHEN locked_until IS NOT NULL AND locked_until <= {now} THEN NULL
                    ELSE locked_until END
            WHERE id = {admin.Id}
            """, cancellationToken);
        var after = await db.DashboardAdmins.AsNoTracking().Where(a => a.Id == admin.Id)
            .Select(a => new { a.FailedAttempts, a.LockedUntil }).SingleAsync(cancellationToken);
        logger.DashboardSignInFailed(after.FailedAttempts);
        if (after.LockedUntil is { } locked && locked > now)
        {
            logger.DashboardLockedOut(after.FailedAttempts, locked);
            return new SignInOutcome(SignInResult.LockedOut, LockedUntil: locked);
        }
        return new SignInOutcome(SignInResult.Invalid);
    }

    private static readonly AdminProblem AlreadySetUp = AdminProblems.Conflict("Admin account exists",
        "The dashboard's admin account has been created already; sign in with it.");

    private async Task<AdminResult<T>> GuardAsync<T>(Func<Task<AdminResult<T>>> command)
    {
        try
        {
            return await command();
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            availability.Report(false, e.GetBaseException().Message);
            return AdminResult<T>.Fail(AdminProblems.Unavailable);
        }
    }
}
