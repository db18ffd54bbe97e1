using Babelwire.Controller.Services.Administration;
using Babelwire.Controller.Services.LiveView;

namespace Babelwire.Controller.Extensions;

public static class AdministrationExtensions
{
    /// <summary>The administration services the REST API and the dashboard share (one implementation of each rule).</summary>
    public static IHostApplicationBuilder AddAdministrationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DatabaseAvailability>();
        builder.Services.AddSingleton<AdminGuard>();
        builder.Services.AddScoped<NodeAdministration>();
        builder.Services.AddScoped<MeshEventLog>();
        builder.Services.AddScoped<EnrolmentTokenAdministration>();
        builder.Services.AddScoped<ApiKeyAdministration>();
        builder.Services.AddScoped<MeshSettingsAdministration>();
        return builder;
    }
}
