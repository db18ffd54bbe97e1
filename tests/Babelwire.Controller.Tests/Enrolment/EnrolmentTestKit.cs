using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Babelwire.Shared;
using Babelwire.Shared.Api;
using Babelwire.Shared.Enrolment;
using Npgsql;

namespace Babelwire.Controller.Tests.Enrolment;

/// <summary>Agents' enrolment requests, admin token creation and database checks, for the enrolment-area tests.</summary>
public static class EnrolmentTestKit
{
    public static string NewPublicKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string NewLinkLocal()
    {
        var bytes = new byte[16];
        bytes[0] = 0xfe;
        bytes[1] = 0x80;
        RandomNumberGenerator.Fill(bytes.AsSpan(8));
        return new IPAddress(bytes).ToString();
    }

    public static EnrolmentRequest NewRequest(string token, string hostname = "host", string? publicKey = null, IReadOnlyList<string>? endpoints = null) =>
        new(token, publicKey ?? NewPublicKey(), hostname, endpoints ?? ["192.0.2.10:51820"], NewLinkLocal(), "test-agent 1.0", ProtocolVersion.Current);

    public static async Task<CreatedEnrolmentTokenDto> CreateTokenAsync(HttpClient admin, CancellationToken cancellationToken,
        int? maxUses = null, TimeSpan? expiresIn = null, IReadOnlyList<string>? tags = null, string name = "test token")
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/tokens", new { name, maxUses, expiresIn, tags }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedEnrolmentTokenDto>(cancellationToken))!;
    }

    public static async Task<EnrolmentResponse> EnrolAsync(HttpClient client, EnrolmentRequest request, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, request, cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<EnrolmentResponse>(cancellationToken))!;
    }

    /// <summary>Checks that the answer is a problem+json of <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static async Task<MeshCounts> CountAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM address_leases), (SELECT count(*) FROM events), (SELECT coalesce(sum(uses), 0)::bigint FROM enrolment_tokens)",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new MeshCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
