using Babelwire.Controller.Apis;
using Babelwire.Controller.Extensions;
using Babelwire.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddControllerServices();

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
app.MapOpenApi("/openapi/{documentName}.json");
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

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
