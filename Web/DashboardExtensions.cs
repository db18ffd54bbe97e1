using Babelwire.Web.Components;
using Babelwire.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Babelwire.Web;

/// <summary>
/// Hosts the dashboard in a web application: the host registers the Shared/Dashboard interfaces
/// (<see cref="Shared.Dashboard.IMeshFeed"/> and the administration services), then calls these two.
/// </summary>
public static class DashboardExtensions
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.TryAddSingleton(TimeProvider.System); // the events page's refresh throttle
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAuthentication().AddCookie(DashboardAuthentication.Scheme);
        builder.Services.AddOptions<CookieAuthenticationOptions>(DashboardAuthentication.Scheme)
            .Configure<IOptions<DashboardOptions>>((cookie, dashboard) =>
            {
                cookie.Cookie.Name = DashboardAuthentication.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = DashboardAuthentication.SignInPath;
                cookie.ExpireTimeSpan = dashboard.Value.SessionLifetime;
                cookie.SlidingExpiration = true;
                // Pages redirect to the sign-in page; the circuit hub and other non-page requests just get 401.
                cookie.Events.OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/_blazor") || !HttpMethods.IsGet(context.Request.Method))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }
                    else
                    {
                        context.Response.Redirect(context.RedirectUri);
                    }
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(DashboardAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(DashboardAuthentication.Scheme)
                .RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Maps the pages (signed-in only, but for sign-in and first run), the circuit hub and the static assets.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        // Signed-in only, the circuit hub (/_blazor) included; pages marked [AllowAnonymous] (sign-in, first run) stay open.
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies()
            .RequireAuthorization(DashboardAuthentication.Policy);
        app.MapPost(DashboardAuthentication.SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(DashboardAuthentication.Scheme);
            return TypedResults.LocalRedirect(DashboardAuthentication.SignInPath);
        }).RequireAuthorization(DashboardAuthentication.Policy);
        return app;
    }
}
