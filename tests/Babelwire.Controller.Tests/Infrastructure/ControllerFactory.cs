using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Controller.Tests.Infrastructure;

/// <summary>
/// The real controller on Kestrel at 127.0.0.1 (a free port), on its own database. Disposing it and making a new
/// one on the same connection string is a controller restart.
/// </summary>
public sealed class ControllerFactory : WebApplicationFactory<Program>
{
    /// <summary>Test overlay ranges (the brief's test address plan).</summary>
    public const string OverlayIPv4Prefix = "198.18.0.0/16";
    public const string OverlayIPv6Prefix = "fd00:b:1::/48";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public ControllerFactory(string connectionString, string? adminApiKey = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        ConnectionString = connectionString;
        AdminApiKey = adminApiKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Mesh"] = connectionString,
            ["Admin:BootstrapApiKey"] = AdminApiKey,
            ["Mesh:OverlayIPv4Prefix"] = OverlayIPv4Prefix,
            ["Mesh:OverlayIPv6Prefix"] = OverlayIPv6Prefix,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        _services = services;
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string ConnectionString { get; }

    /// <summary>An admin key the controller accepts (given to it as <c>Admin:BootstrapApiKey</c>), sent as <c>X-Api-Key</c>.</summary>
    public string AdminApiKey { get; }

    /// <summary>Starts the server and returns its base address ("http://127.0.0.1:PORT").</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    /// <summary>An HttpClient to the real server carrying the admin key.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}
