namespace Babelwire.Shared.Dashboard;

/// <summary>
/// The dashboard's admin account: set from configuration, or created once on the first-run page. Passwords are kept
/// only as hashes (the framework's password hasher); repeated failures lock the account for a while.
/// </summary>
public interface IDashboardAccounts
{
    /// <summary>Whether an admin account exists (from configuration or the first-run page).</summary>
    Task<AdminResult<bool>> IsSetUpAsync(CancellationToken cancellationToken);

    /// <summary>Creates the first admin account; refused (<see cref="AdminProblemKind.Conflict"/>) once one exists.</summary>
    Task<AdminResult<Done>> CreateFirstAdminAsync(string userName, string password, CancellationToken cancellationToken);

    /// <summary>Checks a user name and password, counting failures towards a lockout.</summary>
    Task<SignInOutcome> SignInAsync(string userName, string password, CancellationToken cancellationToken);
}
