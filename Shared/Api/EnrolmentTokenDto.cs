namespace Babelwire.Shared.Api;

/// <summary>An enrolment token as the REST API and the dashboard show it; the secret is never part of it.</summary>
/// <param name="MaxUses">Null: any number of uses until expiry.</param>
/// <param name="RemainingUses">Null when unlimited; 0 once used up.</param>
/// <param name="State">One of <see cref="EnrolmentTokenStates"/>, as of the request.</param>
public sealed record EnrolmentTokenDto(
    Guid Id,
    string Name,
    int? MaxUses,
    int Uses,
    int? RemainingUses,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    IReadOnlyList<string> Tags,
    string State);
