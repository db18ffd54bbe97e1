using Babelwire.Controller.Apis;
using Babelwire.Controller.Extensions;
using Babelwire.Controller.Security;
using Babelwire.ServiceDefaults;
using Babelwire.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddControllerServices();
builder.AddDashboardBackend();
builder.AddDashboard();
// The dashboard's files (Web/wwwroot, blazor.web.js) from a build output as well as from a publish: without this,
// only the Development environment maps them. A no-op where there is no build manifest (published apps).
builder.WebHost.UseStaticWebAssets();

var app = builder.Build();
if (args.Contains("--migrate-only"))
{
    await app.MigrateMeshDatabaseAsync(CancellationToken.None);
    return;
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(AuthorizationPolicies.AdminOrDashboard);
app.MapEnrolmentApi();
app.MapTokensApi();
app.MapApiKeysApi();
app.MapSettingsApi();
app.MapNodesApi();
app.MapLinksApi();
app.MapRoutesApi();
app.MapEventsApi();
app.MapPeerStatisticsApi();
app.MapAgentHub();
app.MapDashboard();

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
