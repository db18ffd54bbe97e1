using System.ComponentModel.DataAnnotations;

namespace Babelwire.Controller.Services.Accounts;

/// <summary>
/// The <c>Dashboard:Admin</c> configuration section. With <see cref="UserName"/> and <see cref="Password"/> set, the
/// controller creates the admin account at start, or updates it to match; without them, the first-run page creates it.
/// </summary>
public sealed class DashboardAccountOptions
{
    public const string Section = "Dashboard:Admin";
    public const int MinPasswordLength = 12;
    public const int MaxUserNameLength = 100;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Failed sign-ins in a row that lock the account.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a lockout lasts; even the right password is refused meanwhile.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);
}
