using Babelwire.Testing;
using Microsoft.Playwright;

namespace Babelwire.Agent.SystemTests.Dashboard;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright for .NET (no browser download). Collects every console error and
/// uncaught page error, so that a test can assert the dashboard ran cleanly, and saves screenshots as test output.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    public const string ChromiumExecutable = HeadlessChromium.Executable;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _errors = [];

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.Response += (_, response) =>
        {
            // Sign-in redirects are expected; anything else that fails is worth a look (the console only says "404").
            if (response.Status >= 400)
            {
                lock (_errors)
                {
                    _errors.Add($"HTTP {response.Status} for {response.Request.Method} {response.Url}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"page error: {error}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Where screenshots go: <c>screenshots/</c> beside the test assembly, kept after the run.</summary>
    public static string ScreenshotDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static async Task<DashboardBrowser> LaunchAsync(Uri baseUrl)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await HeadlessChromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseUrl.ToString(),
                ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            });
            context.SetDefaultTimeout(15_000);
            return new DashboardBrowser(playwright, browser, await context.NewPageAsync());
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Saves a full-page screenshot as <c>NAME.png</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
