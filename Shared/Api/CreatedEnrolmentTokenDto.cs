namespace Babelwire.Shared.Api;

/// <summary>The answer to creating an enrolment token: the only time its <paramref name="Secret"/> is shown.</summary>
public sealed record CreatedEnrolmentTokenDto(EnrolmentTokenDto Token, string Secret);
