namespace Babelwire.Shared.Api;

/// <summary>The <c>reason</c> extension of a refused enrolment, beside the token states of <see cref="EnrolmentTokenStates"/>
/// (expired, revoked, used-up); all are 403 except <see cref="AddressRangeExhausted"/> (409).</summary>
public static class EnrolmentRefusalReasons
{
    public const string UnknownToken = "unknown-token";
    public const string NodeDisabled = "node-disabled";
    public const string AddressRangeExhausted = "address-range-exhausted";
}
