using System.Diagnostics;
using System.Reflection;
using Babelwire.Testing;
using Microsoft.Playwright;

namespace Babelwire.Bench.Dashboard;

/// <summary>
/// Debian's Chromium, headless, through Playwright (no browser download), with the launch options of the system tests'
/// DashboardBrowser (tests/Babelwire.Agent.SystemTests/Dashboard): one browser, one signed-in context, as many pages
/// (each its own Blazor circuit) as the benchmark opens. Every page gets the map watcher (mapWatcher.js) first.
/// </summary>
internal sealed class DashboardBrowserHost : IAsyncDisposable
{
    public const string ChromiumExecutable = HeadlessChromium.Executable;
    public const string UserName = "bench-admin";

    // Pages in the background (all but the one in front) must keep drawing at full rate.
    private static readonly string[] BackgroundDrawingArguments =
        ["--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private DashboardBrowserHost(IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
    }

    public static string WatcherScript { get; } = ReadWatcher();

    public static async Task<DashboardBrowserHost> LaunchAsync(Uri baseUrl)
    {
        if (!File.Exists(ChromiumExecutable))
        {
            throw new InvalidOperationException($"{ChromiumExecutable} not found (scripts/install-deps.sh installs it)");
        }
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await HeadlessChromium.LaunchAsync(playwright, BackgroundDrawingArguments);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseUrl.ToString(),
                ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            });
            context.SetDefaultTimeout(30_000);
            await context.AddInitScriptAsync(WatcherScript);
            return new DashboardBrowserHost(playwright, browser, context);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Signs the context in through the sign-in page (the cookie then serves every page).</summary>
    public async Task SignInAsync(string password)
    {
        var page = await _context.NewPageAsync();
        try
        {
            await page.GotoAsync("account/sign-in");
            await page.GetByLabel("User name").FillAsync(UserName);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal), new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit });
            }
            catch (TimeoutException)
            {
                // On a loaded machine the redirect can be missed or slow; whether the cookie is set is what counts.
            }
            await page.GotoAsync("settings", new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
            if (page.Url.Contains("/account/", StringComparison.Ordinal))
            {
                var alert = await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync();
                throw new InvalidOperationException($"sign-in as {UserName} did not take: at {page.Url} {string.Join(" ", alert)}");
            }
        }
        finally
        {
            // Left open on a blank page (closing a page with a live circuit has hung here); the context closes it.
            await page.GotoAsync("about:blank").WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A new page at <paramref name="path"/> (returns once the navigation committed), with its navigation start
    /// (performance.timeOrigin, Unix milliseconds on this machine's clock).</summary>
    public async Task<DashboardPage> OpenAsync(string path)
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        if (page.Url.Contains("/account/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path}: sent to {page.Url} (not signed in?)");
        }
        var origin = await page.EvaluateAsync<double>("() => performance.timeOrigin").WaitAsync(DashboardPage.EvaluateLimit);
        return new DashboardPage(page, origin);
    }

    /// <summary>CPU ticks of this process's Chromium processes now.</summary>
    public static long ChromiumTicks() => ProcessTree.Ticks(Environment.ProcessId, "chrom");

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static string ReadWatcher()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Babelwire.Bench.Dashboard.mapWatcher.js")
            ?? throw new UnreachableException("mapWatcher.js is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
