using Microsoft.Playwright;

namespace Babelwire.Testing;

/// <summary>
/// Debian's Chromium, headless, launched through Playwright for .NET with no browser download: the one set of launch
/// options the browser tests and the dashboard benchmark share.
/// </summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    // As root Chromium needs --no-sandbox; the rest keep it from calling out to Google's services, which this
    // machine's closed network refuses (many connections at a time, and noise in the log).
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    /// <summary>Launches the browser, with <paramref name="extraArguments"/> after the shared ones.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArguments)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = [.. Arguments, .. extraArguments],
        });
    }
}
