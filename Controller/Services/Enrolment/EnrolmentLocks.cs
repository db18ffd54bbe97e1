namespace Babelwire.Controller.Services.Enrolment;

/// <summary>
/// Keys of PostgreSQL transaction-level advisory locks (<c>pg_advisory_xact_lock</c>). Enrolments take
/// <see cref="Mesh"/> so that address allocation and name choice see each other's commits; the settings API takes it
/// too, so that "no node exists yet" stays true until its prefix change commits.
/// </summary>
public static class EnrolmentLocks
{
    /// <summary>"BWENROL1" as a 64-bit number: any fixed value unlikely to clash with another application's lock.</summary>
    public const long Mesh = 0x4257_454E_524F_4C31;

    /// <summary>Serialises API key revocations, so that two admins cannot revoke the last two keys at once.</summary>
    public const long ApiKeys = 0x4257_4150_494B_4559;
}
