using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Shared.Api;

namespace Babelwire.Agent.SystemTests.ControlPlane;

/// <summary>
/// The real controller process (<c>dotnet babelwire-controller.dll --urls http://ADDRESS:PORT</c>) in the root
/// namespace, configured through the environment as Controller/README.md documents, with an admin client for its
/// REST API. <see cref="StartAsync"/> returns once <c>/health/ready</c> answers (the database included);
/// <see cref="StopAsync"/> and another <see cref="StartAsync"/> restart it on the same address and database.
/// </summary>
public sealed class ControllerProcess : IAsyncDisposable
{
    public const string OverlayIPv4Prefix = "198.18.0.0/16";
    public const string OverlayIPv6Prefix = "fd00:b:3::/48";

    /// <summary>How often agents send state deltas: shorter than the default 10 s, so the REST API catches up sooner.</summary>
    public const string StateReportInterval = "00:00:02";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly string _controllerDll;
    private readonly string _connectionString;
    private readonly HttpClient _http;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private BackgroundProcess? _process;
    private int _starts;

    /// <param name="environment">More configuration, as environment variables (<c>Dashboard__Admin__UserName</c>, …).</param>
    public ControllerProcess(string controllerDll, string connectionString, IPEndPoint listen, IReadOnlyDictionary<string, string>? environment = null)
    {
        _environment = environment ?? new Dictionary<string, string>();
        _controllerDll = controllerDll;
        _connectionString = connectionString;
        BaseUri = new Uri($"http://{listen}/");
        AdminApiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(15) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", AdminApiKey);
    }

    public Uri BaseUri { get; }

    public string AdminApiKey { get; }

    public BackgroundProcess? Process => _process;

    /// <summary>Starts the controller and waits, bounded, until it is ready (migrations applied, database reachable).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("the controller is already running");
        }

        _starts++;
        _process = BackgroundProcess.Start(
            $"controller#{_starts}", "env",
            [
                $"ConnectionStrings__Mesh={_connectionString}",
                $"Admin__BootstrapApiKey={AdminApiKey}",
                $"Mesh__OverlayIPv4Prefix={OverlayIPv4Prefix}",
                $"Mesh__OverlayIPv6Prefix={OverlayIPv6Prefix}",
                $"Mesh__StateReportInterval={StateReportInterval}",
                "DOTNET_NOLOGO=1",
                .. _environment.Select(e => $"{e.Key}={e.Value}"),
                "dotnet", _controllerDll, "--urls", BaseUri.GetLeftPart(UriPartial.Authority),
            ]);
        var process = _process;
        await Poll.UntilAsync(
            "the controller's /health/ready", async ct => process.HasExited || await IsReadyAsync(ct), done => done,
            ReadyTimeout, TimeSpan.FromMilliseconds(250), cancellationToken, () => process.Tail());
        if (process.HasExited)
        {
            throw new InvalidOperationException($"the controller exited at start\n{process.Tail()}");
        }
    }

    /// <summary>Stops the controller (SIGTERM, killed after 10 s).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10), cancellationToken);
            await process.DisposeAsync();
        }
    }

    /// <summary>Creates an enrolment token through <c>POST /api/v1/tokens</c> and returns its secret.</summary>
    public async Task<string> CreateEnrolmentTokenAsync(string name, int maxUses, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("api/v1/tokens", new { name, maxUses, expiresIn = "01:00:00" }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/v1/tokens answered {(int)response.StatusCode}: {body}");
        }

        return System.Text.Json.JsonSerializer.Deserialize<CreatedEnrolmentTokenDto>(body, System.Text.Json.JsonSerializerOptions.Web)!.Secret;
    }

    public Task<IReadOnlyList<NodeDto>> NodesAsync(CancellationToken cancellationToken) => GetAsync<NodeDto>("api/v1/nodes", cancellationToken);

    public Task<IReadOnlyList<LinkDto>> LinksAsync(CancellationToken cancellationToken) => GetAsync<LinkDto>("api/v1/links", cancellationToken);

    public Task<IReadOnlyList<MeshRouteDto>> RoutesAsync(CancellationToken cancellationToken) => GetAsync<MeshRouteDto>("api/v1/routes", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await process.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task<IReadOnlyList<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /{path} answered {(int)response.StatusCode}: {body}");
        }

        return System.Text.Json.JsonSerializer.Deserialize<List<T>>(body, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    private async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("health/ready", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
