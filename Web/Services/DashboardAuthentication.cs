namespace Babelwire.Web.Services;

/// <summary>The dashboard's cookie sign-in: its scheme, policy and paths.</summary>
public static class DashboardAuthentication
{
    public const string Scheme = "Dashboard";
    public const string Policy = "dashboard";
    public const string CookieName = "babelwire-dashboard";
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string FirstRunPath = "/account/first-run";
}
