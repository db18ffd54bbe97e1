using System.Net.Http.Json;
using System.Text.Json;
using Babelwire.Shared;
using Babelwire.Shared.Api;
using Babelwire.Shared.Enrolment;

namespace Babelwire.Bench.Controller;

/// <summary>The controller's REST API as the benchmark uses it: an admin (token, links) and enrolling agents.</summary>
internal sealed class ControlPlaneClient : IDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public ControlPlaneClient(Uri baseUri, string adminApiKey)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Add(ApiKeyHeader, adminApiKey);
    }

    /// <summary>A multi-use enrolment token valid for a day; returns its secret.</summary>
    public async Task<string> CreateTokenAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("api/v1/tokens",
            new { name, maxUses = (int?)null, expiresIn = TimeSpan.FromDays(1), tags = new[] { "bench" } }, Json, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/v1/tokens: {(int)response.StatusCode} {body}");
        }
        return TokenSecret(body) ?? throw new InvalidOperationException($"POST /api/v1/tokens: no secret in {body}");
    }

    public async Task<EnrolmentResponse> EnrolAsync(EnrolmentRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.Enrolment.TrimStart('/'))
        {
            Content = JsonContent.Create(request, options: Json),
        };
        // Agents enrol without an admin key.
        message.Headers.Remove(ApiKeyHeader);
        using var response = await _http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {ControlPlaneRoutes.Enrolment}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        return await response.Content.ReadFromJsonAsync<EnrolmentResponse>(Json, cancellationToken)
            ?? throw new InvalidOperationException($"POST {ControlPlaneRoutes.Enrolment}: empty answer");
    }

    /// <summary>The links one node is an end of (GET /api/v1/links?node=ID).</summary>
    public async Task<IReadOnlyList<LinkDto>> LinksOfAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        var path = $"api/v1/links?node={nodeId}";
        return await _http.GetFromJsonAsync<List<LinkDto>>(path, Json, cancellationToken)
            ?? throw new InvalidOperationException($"GET {path}: empty answer");
    }

    /// <summary>Every link (GET /api/v1/links).</summary>
    public async Task<IReadOnlyList<LinkDto>> LinksAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<List<LinkDto>>("api/v1/links", Json, cancellationToken)
            ?? throw new InvalidOperationException("GET api/v1/links: empty answer");

    public void Dispose() => _http.Dispose();

    /// <summary>The token's secret in the answer to its creation: the first string property named like one.</summary>
    internal static string? TokenSecret(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var name in new[] { "secret", "token", "value" })
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    return property.Value.GetString();
                }
            }
        }
        return null;
    }
}
