namespace Babelwire.Controller.Security;

/// <summary>The two kinds of callers: admins with an API key (REST), agents with their node credential (hub).</summary>
public static class AuthorizationPolicies
{
    public const string Admin = "admin";
    public const string Agent = "agent";
}
