namespace Babelwire.Controller.Security;

/// <summary>The kinds of callers: admins with an API key (REST), agents with their node credential (hub), and for the
/// OpenAPI document either an admin key or a dashboard sign-in.</summary>
public static class AuthorizationPolicies
{
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string AdminOrDashboard = "admin-or-dashboard";

    /// <summary>A policy scheme: the API key when the request carries one, else the dashboard cookie when it carries
    /// that, else the API key (whose challenge is the REST API's 401 problem).</summary>
    public const string AdminOrDashboardScheme = "AdminOrDashboard";
}
