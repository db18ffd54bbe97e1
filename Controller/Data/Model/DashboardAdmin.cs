namespace Babelwire.Controller.Data.Model;

/// <summary>
/// The dashboard's single admin account (a check constraint allows only id 1, so two first-run pages cannot both
/// create one). The password is kept only as the framework password hasher's hash; the failure count and lockout
/// live on the row, so they hold across controller restarts.
/// </summary>
public sealed class DashboardAdmin
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public required string UserName { get; set; }

    /// <summary>ASP.NET Core Identity's <c>PasswordHasher</c> format (PBKDF2, salted, versioned).</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Failed sign-ins in a row since the last success (or since the last lockout ended).</summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }
}
