namespace Babelwire.Shared.Api;

/// <summary>The states of <see cref="EnrolmentTokenDto"/>; also the <c>reason</c> of an enrolment refused for its token.</summary>
public static class EnrolmentTokenStates
{
    public const string Active = "active";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
    public const string UsedUp = "used-up";
}
