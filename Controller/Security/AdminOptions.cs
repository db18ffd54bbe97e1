namespace Babelwire.Controller.Security;

/// <summary>The <c>Admin</c> configuration section.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>
    /// An API key made valid at start (its hash is stored under the name "bootstrap"), so that a fresh controller can
    /// be administered at all. Set it from a secret store; remove it once real keys exist.
    /// </summary>
    public string? BootstrapApiKey { get; set; }
}
