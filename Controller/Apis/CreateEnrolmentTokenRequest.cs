namespace Babelwire.Controller.Apis;

/// <summary>A new enrolment token.</summary>
/// <param name="Name">What the token is for ("rack 3 servers"); 1-100 characters.</param>
/// <param name="MaxUses">How many nodes may enrol with it; null or absent: unlimited until expiry.</param>
/// <param name="ExpiresIn">Lifetime from now ("1.00:00:00"); give this or <paramref name="ExpiresAt"/>, not both; neither: 24 hours.</param>
/// <param name="ExpiresAt">Absolute expiry, in the future.</param>
/// <param name="Tags">Given to every node enrolled with it: lower-case DNS labels, at most 16 of them.</param>
public sealed record CreateEnrolmentTokenRequest(
    string Name,
    int? MaxUses = null,
    TimeSpan? ExpiresIn = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? Tags = null);
