using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.EndToEnd.Tests;

/// <summary>The real controller on Kestrel at 127.0.0.1 (a free port), on its own database.</summary>
internal sealed class RealController(string connectionString) : WebApplicationFactory<Program>
{
    public string AdminApiKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public Uri Start()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Mesh", connectionString);
        builder.UseSetting("Admin:BootstrapApiKey", AdminApiKey);
        builder.UseSetting("Mesh:OverlayIPv4Prefix", "198.18.0.0/16");
        builder.UseSetting("Mesh:OverlayIPv6Prefix", "fd00:b:1::/48");
    }
}
