using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Dashboard;

/// <summary>What is open and what is not, on the real controller over HTTP: the dashboard behind its cookie, the REST
/// API behind its keys, and the cookie granting nothing there.</summary>
public sealed partial class DashboardWallsTests(PostgresFixture postgres)
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Pages_need_a_sign_in_and_the_right_password_gives_the_cookie()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = StartWithAdmin(await postgres.Server.CreateDatabaseAsync("walls", ct));
        using var browser = NewBrowser(controller);

        using (var home = await browser.GetAsync("/", ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.Equal("/account/sign-in", home.Headers.Location!.AbsolutePath);
        }
        var wrong = await SignInAsync(browser, "admin", "not the password", ct);
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.Contains("Wrong user name or password.", wrong.Body, StringComparison.Ordinal);

        var right = await SignInAsync(browser, "admin", Password, ct);
        Assert.Equal(HttpStatusCode.Redirect, right.Status);
        using var signedIn = await browser.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_sign_in_page()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = StartWithAdmin(await postgres.Server.CreateDatabaseAsync("walls", ct));
        using var browser = NewBrowser(controller);

        for (var i = 0; i < 4; i++)
        {
            Assert.Contains("Wrong user name or password.", (await SignInAsync(browser, "admin", "not the password", ct)).Body, StringComparison.Ordinal);
        }
        Assert.Contains("Too many failed attempts", (await SignInAsync(browser, "admin", "not the password", ct)).Body, StringComparison.Ordinal);
        var locked = await SignInAsync(browser, "admin", Password, ct);

        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.Contains("Too many failed attempts", locked.Body, StringComparison.Ordinal);
        using var home = await browser.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = StartWithAdmin(await postgres.Server.CreateDatabaseAsync("walls", ct));
        using var browser = NewBrowser(controller);

        using var response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.UserName"] = "admin",
            ["Input.Password"] = Password,
        }), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var home = await browser.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task The_circuit_hub_and_the_openapi_document_refuse_anonymous_callers_and_the_cookie_opens_no_rest_endpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = StartWithAdmin(await postgres.Server.CreateDatabaseAsync("walls", ct));
        using var anonymous = NewBrowser(controller);
        using var browser = NewBrowser(controller);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, "admin", Password, ct)).Status);
        using var admin = controller.CreateAdminClient();

        using (var negotiate = await anonymous.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        }
        using (var negotiate = await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, ct))
        {
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        }
        using (var openApi = await anonymous.GetAsync("/openapi/v1.json", ct))
        {
            await ProblemAsync(openApi, HttpStatusCode.Unauthorized, ct);
        }
        using (var openApi = await browser.GetAsync("/openapi/v1.json", ct))
        {
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        }
        using (var openApi = await admin.GetAsync("/openapi/v1.json", ct))
        {
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        }
        using (var nodes = await browser.GetAsync("/api/v1/nodes", ct))
        {
            var problem = await ProblemAsync(nodes, HttpStatusCode.Unauthorized, ct);
            Assert.Equal("Authentication required", problem.GetProperty("title").GetString());
        }
        // Unchanged: health is open, enrolment needs no key (a bad token is a 4xx about the token), the agent hub wants a node credential.
        using (var live = await anonymous.GetAsync("/health/live", ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        using (var enrol = await anonymous.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, NewRequest("not-a-token"), ct))
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, enrol.StatusCode);
            Assert.NotEqual(HttpStatusCode.Redirect, enrol.StatusCode);
        }
        using (var hub = await browser.PostAsync(ControlPlaneRoutes.AgentHub + "/negotiate?negotiateVersion=1", null, ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, hub.StatusCode);
        }
    }

    private static ControllerFactory StartWithAdmin(string connectionString)
    {
        var controller = new ControllerFactory(connectionString, settings: new Dictionary<string, string?>
        {
            ["Dashboard:Admin:UserName"] = "admin",
            ["Dashboard:Admin:Password"] = Password,
        });
        controller.Start();
        return controller;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, like a browser seen one response at a time.</summary>
    private static HttpClient NewBrowser(ControllerFactory controller) =>
        controller.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Gets the sign-in form and posts it back with its hidden fields (handler, antiforgery token).</summary>
    private static async Task<(HttpStatusCode Status, string Body)> SignInAsync(HttpClient browser, string userName, string password, CancellationToken cancellationToken)
    {
        var page = await browser.GetStringAsync("/account/sign-in", cancellationToken);
        var fields = HiddenInput().Matches(page).Select(m => m.Value).ToDictionary(
            input => WebUtility.HtmlDecode(NameAttribute().Match(input).Groups[1].Value),
            input => WebUtility.HtmlDecode(ValueAttribute().Match(input).Groups[1].Value));
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["Input.UserName"] = userName;
        fields["Input.Password"] = password;
        using var response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(fields), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    [GeneratedRegex(@"<input[^>]*type=""hidden""[^>]*>")]
    private static partial Regex HiddenInput();

    [GeneratedRegex(@"\bname=""([^""]*)""")]
    private static partial Regex NameAttribute();

    [GeneratedRegex(@"\bvalue=""([^""]*)""")]
    private static partial Regex ValueAttribute();
}
