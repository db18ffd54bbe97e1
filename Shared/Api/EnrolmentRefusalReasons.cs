namespace Babelwire.Shared.Api;

/// <summary>The <c>reason</c> extension of an enrolment refused with 403, beside the token states of <see cref="EnrolmentTokenStates"/>.</summary>
public static class EnrolmentRefusalReasons
{
    public const string UnknownToken = "unknown-token";
    public const string NodeDisabled = "node-disabled";
}
