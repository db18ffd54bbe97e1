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
app.MapDefaultEndpoints();
app.MapOpenApi("/openapi/{documentName}.json");

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
