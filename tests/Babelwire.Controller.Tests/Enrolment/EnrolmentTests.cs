using System.Net;
using System.Net.Http.Json;
using Babelwire.Controller.Security;
using Babelwire.Controller.Services;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared;
using Babelwire.Shared.Api;
using Babelwire.Shared.Enrolment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Babelwire.Controller.Tests.Enrolment.EnrolmentTestKit;

namespace Babelwire.Controller.Tests.Enrolment;

public sealed class EnrolmentTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_new_node_gets_its_identity_addresses_hub_credential_and_the_mesh_settings()
    {
        var ct = TestContext.Current.CancellationToken;
        var notifier = new RecordingMeshChangeNotifier();
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString, services: s => s.AddSingleton<IMeshChangeNotifier>(notifier));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct, maxUses: 1, tags: ["web", "eu-1"]);
        var request = NewRequest(token.Secret, "Web01.example.com", endpoints: ["192.0.2.10:51820", "[2001:DB8::1]:51820", "Host.Example.org:51820"]);

        using var response = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, request, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var enrolled = (await response.Content.ReadFromJsonAsync<EnrolmentResponse>(ct))!;
        Assert.Equal($"/api/v1/nodes/{enrolled.NodeId}", response.Headers.Location?.OriginalString);
        Assert.Equal("web01", enrolled.NodeName);
        Assert.Equal("fd00:b:1::1/128", enrolled.OverlayIPv6);
        Assert.Equal("198.18.0.1/32", enrolled.OverlayIPv4);
        Assert.Equal(["web", "eu-1"], enrolled.Tags);
        Assert.Equal(ControllerFactory.OverlayIPv6Prefix, enrolled.Settings.OverlayIPv6Prefix);
        Assert.Equal(ControllerFactory.OverlayIPv4Prefix, enrolled.Settings.OverlayIPv4Prefix);
        Assert.True(NodeCredential.TryParse(enrolled.HubCredential, out var credentialNode, out var secret));
        Assert.Equal(enrolled.NodeId, credentialNode);
        var storedHash = (byte[])(await ScalarAsync(connectionString, "SELECT hub_credential_hash FROM nodes WHERE id = $1", ct, enrolled.NodeId))!;
        Assert.True(SecretHash.Matches(secret, storedHash));
        Assert.Equal("{192.0.2.10:51820,[2001:db8::1]:51820,host.example.org:51820}",
            (await ScalarAsync(connectionString, "SELECT endpoints::text FROM nodes WHERE id = $1", ct, enrolled.NodeId))!.ToString());
        Assert.Equal(new MeshCounts(1, 2, 1, 1), await CountAsync(connectionString, ct));
        Assert.Equal(MeshEventKinds.NodeJoined, await ScalarAsync(connectionString, "SELECT kind FROM events WHERE node_id = $1", ct, enrolled.NodeId));
        Assert.Equal([enrolled.NodeId], notifier.ChangedNodes);
    }

    [Fact]
    public async Task A_failing_hub_push_does_not_undo_or_fail_a_committed_enrolment()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString, services: s => s.AddSingleton<IMeshChangeNotifier>(new FailingMeshChangeNotifier()));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct);

        using var response = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, NewRequest(token.Secret), ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new MeshCounts(1, 2, 1, 1), await CountAsync(connectionString, ct));
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var agent = controller.CreateClient();

        using var response = await agent.PostAsync(ControlPlaneRoutes.Enrolment, new StringContent("{\"token\": ", System.Text.Encoding.UTF8, "application/json"), ct);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Equal(new MeshCounts(0, 0, 0, 0), await CountAsync(connectionString, ct));
    }

    [Fact]
    public async Task A_single_use_token_is_refused_the_second_time_and_the_refusal_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct, maxUses: 1);
        await EnrolAsync(agent, NewRequest(token.Secret, "first"), ct);
        var before = await CountAsync(connectionString, ct);

        using var second = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, NewRequest(token.Secret, "second"), ct);

        var problem = await ProblemAsync(second, HttpStatusCode.Forbidden, ct);
        Assert.Equal(EnrolmentTokenStates.UsedUp, problem.GetProperty("reason").GetString());
        Assert.Equal("Enrolment token used up", problem.GetProperty("title").GetString());
        Assert.Equal(before, await CountAsync(connectionString, ct));
        var dto = await admin.GetFromJsonAsync<EnrolmentTokenDto>($"/api/v1/tokens/{token.Token.Id}", ct);
        Assert.Equal((1, 0, EnrolmentTokenStates.UsedUp), (dto!.Uses, dto.RemainingUses, dto.State));
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_the_refusal_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString, services: s => s.AddSingleton<TimeProvider>(time));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct, expiresIn: TimeSpan.FromHours(1));
        await EnrolAsync(agent, NewRequest(token.Secret, "early"), ct);
        time.Advance(TimeSpan.FromHours(1));
        var before = await CountAsync(connectionString, ct);

        using var late = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, NewRequest(token.Secret, "late"), ct);

        var problem = await ProblemAsync(late, HttpStatusCode.Forbidden, ct);
        Assert.Equal(EnrolmentTokenStates.Expired, problem.GetProperty("reason").GetString());
        Assert.Equal(before, await CountAsync(connectionString, ct));
        Assert.Equal(new MeshCounts(1, 2, 1, 1), before);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_and_the_refusal_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct);
        using (var revoke = await admin.DeleteAsync($"/api/v1/tokens/{token.Token.Id}", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var response = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, NewRequest(token.Secret), ct);

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden, ct);
        Assert.Equal(EnrolmentTokenStates.Revoked, problem.GetProperty("reason").GetString());
        Assert.Equal(new MeshCounts(0, 0, 0, 0), await CountAsync(connectionString, ct));
    }

    [Fact]
    public async Task An_unknown_token_is_refused_and_the_refusal_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var agent = controller.CreateClient();

        using var response = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, NewRequest(SecretHash.NewSecret()), ct);

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden, ct);
        Assert.Equal(EnrolmentRefusalReasons.UnknownToken, problem.GetProperty("reason").GetString());
        Assert.Equal(new MeshCounts(0, 0, 0, 0), await CountAsync(connectionString, ct));
    }

    [Fact]
    public async Task A_token_without_a_use_limit_enrols_any_number_of_nodes_and_counts_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct);

        for (var i = 0; i < 5; i++)
        {
            await EnrolAsync(agent, NewRequest(token.Secret, $"node{i}"), ct);
        }

        var dto = await admin.GetFromJsonAsync<EnrolmentTokenDto>($"/api/v1/tokens/{token.Token.Id}", ct);
        Assert.Equal((null, 5, null, EnrolmentTokenStates.Active), (dto!.MaxUses, dto.Uses, dto.RemainingUses, dto.State));
        Assert.Equal(new MeshCounts(5, 10, 5, 5), await CountAsync(connectionString, ct));
    }

    [Fact]
    public async Task Re_enrolling_a_key_returns_the_same_node_and_addresses_with_a_fresh_credential_and_uses_no_token_use()
    {
        var ct = TestContext.Current.CancellationToken;
        var notifier = new RecordingMeshChangeNotifier();
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString, services: s => s.AddSingleton<IMeshChangeNotifier>(notifier));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var single = await CreateTokenAsync(admin, ct, maxUses: 1);
        var other = await CreateTokenAsync(admin, ct, maxUses: 5);
        var request = NewRequest(single.Secret, "stable");
        var first = await EnrolAsync(agent, request, ct);

        // The same (now used-up) single-use token, as an agent that lost the first answer would retry.
        using var again = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, request with { Endpoints = ["198.51.100.7:51820"] }, ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = (await again.Content.ReadFromJsonAsync<EnrolmentResponse>(ct))!;
        var third = await EnrolAsync(agent, request with { Token = other.Secret, Endpoints = ["198.51.100.7:51820"] }, ct);

        Assert.All(new[] { second, third }, r =>
        {
            Assert.Equal((first.NodeId, first.NodeName, first.OverlayIPv6, first.OverlayIPv4), (r.NodeId, r.NodeName, r.OverlayIPv6, r.OverlayIPv4));
            Assert.NotEqual(first.HubCredential, r.HubCredential);
        });
        NodeCredential.TryParse(third.HubCredential, out _, out var secret);
        var storedHash = (byte[])(await ScalarAsync(connectionString, "SELECT hub_credential_hash FROM nodes", ct))!;
        Assert.True(SecretHash.Matches(secret!, storedHash));
        Assert.Equal("{198.51.100.7:51820}", (await ScalarAsync(connectionString, "SELECT endpoints::text FROM nodes", ct))!.ToString());
        var counts = await CountAsync(connectionString, ct);
        Assert.Equal((1L, 2L, 1L), (counts.Nodes, counts.Leases, counts.TokenUses));
        Assert.Equal(0, (await admin.GetFromJsonAsync<EnrolmentTokenDto>($"/api/v1/tokens/{other.Token.Id}", ct))!.Uses);
        Assert.Equal([first.NodeId, first.NodeId, first.NodeId], notifier.ChangedNodes);
    }

    [Fact]
    public async Task Re_enrolling_needs_a_valid_token_and_a_used_up_token_of_another_node_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var mine = await CreateTokenAsync(admin, ct, maxUses: 1);
        var theirs = await CreateTokenAsync(admin, ct, maxUses: 1);
        var request = NewRequest(mine.Secret, "mine");
        await EnrolAsync(agent, request, ct);
        await EnrolAsync(agent, NewRequest(theirs.Secret, "theirs"), ct);

        using var usedUp = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, request with { Token = theirs.Secret }, ct);
        using var unknown = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, request with { Token = SecretHash.NewSecret() }, ct);

        Assert.Equal(EnrolmentTokenStates.UsedUp, (await ProblemAsync(usedUp, HttpStatusCode.Forbidden, ct)).GetProperty("reason").GetString());
        Assert.Equal(EnrolmentRefusalReasons.UnknownToken, (await ProblemAsync(unknown, HttpStatusCode.Forbidden, ct)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Re_enrolling_the_key_of_a_disabled_node_is_forbidden()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct);
        var request = NewRequest(token.Secret, "disabled");
        var enrolled = await EnrolAsync(agent, request, ct);
        await ScalarAsync(connectionString, "UPDATE nodes SET status = 'Disabled' WHERE id = $1", ct, enrolled.NodeId);
        var hash = await ScalarAsync(connectionString, "SELECT hub_credential_hash FROM nodes", ct);

        using var response = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, request, ct);

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden, ct);
        Assert.Equal(EnrolmentRefusalReasons.NodeDisabled, problem.GetProperty("reason").GetString());
        Assert.Equal(hash, await ScalarAsync(connectionString, "SELECT hub_credential_hash FROM nodes", ct));
    }

    [Fact]
    public async Task Node_names_are_dns_labels_from_the_host_name_made_unique_with_a_suffix()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("enrol", ct));
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct);

        string[] hostnames = ["Web_01.example.com", "web-01", "WEB 01", "___", new string('a', 70)];
        var names = new List<string>();
        foreach (var hostname in hostnames)
        {
            names.Add((await EnrolAsync(agent, NewRequest(token.Secret, hostname), ct)).NodeName);
        }
        names.Add((await EnrolAsync(agent, NewRequest(token.Secret, new string('a', 70)), ct)).NodeName);

        Assert.Equal(["web-01", "web-01-2", "web-01-3", "node", new string('a', 63), new string('a', 61) + "-2"], names);
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { """{"token":"","publicKey":"KEY","hostname":"h","endpoints":[],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "token" },
        { """{"token":"T","publicKey":"not base64","hostname":"h","endpoints":[],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "publicKey" },
        { """{"token":"T","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==","hostname":"h","endpoints":[],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "publicKey" },
        { """{"token":"T","publicKey":"KEY","hostname":" ","endpoints":[],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "hostname" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":["192.0.2.1"],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "endpoints" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":["192.0.2.1:0"],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "endpoints" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":["1:51820"],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "endpoints" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":["2001:db8::1:51820"],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "endpoints" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":["0.0.0.0:51820"],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "endpoints" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":["bad_host:51820"],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "endpoints" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":["192.0.2.1:1","192.0.2.1:1"],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":1}""", "endpoints" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":[],"linkLocal":"fe80:1::1","agentVersion":"1","protocolVersion":1}""", "linkLocal" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":[],"linkLocal":"192.0.2.1","agentVersion":"1","protocolVersion":1}""", "linkLocal" },
        { """{"token":"T","publicKey":"KEY","hostname":"h","endpoints":[],"linkLocal":"fe80::1","agentVersion":"1","protocolVersion":99}""", "protocolVersion" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_is_a_validation_problem_naming_the_field_and_creates_nothing(string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct);
        json = json.Replace("\"T\"", $"\"{token.Secret}\"", StringComparison.Ordinal).Replace("KEY", NewPublicKey(), StringComparison.Ordinal);

        using var response = await agent.PostAsync(ControlPlaneRoutes.Enrolment, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ct);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.Single(errors.EnumerateObject());
        Assert.Equal(new MeshCounts(0, 0, 0, 0), await CountAsync(connectionString, ct));
    }

    [Fact]
    public async Task A_full_address_range_is_a_conflict_problem_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("enrol", ct);
        await using var controller = new ControllerFactory(connectionString, settings: new Dictionary<string, string?> { ["Mesh:OverlayIPv4Prefix"] = "198.18.0.0/30" });
        controller.Start();
        using var admin = controller.CreateAdminClient();
        using var agent = controller.CreateClient();
        var token = await CreateTokenAsync(admin, ct);
        var first = await EnrolAsync(agent, NewRequest(token.Secret), ct);
        var second = await EnrolAsync(agent, NewRequest(token.Secret), ct);
        var before = await CountAsync(connectionString, ct);

        using var third = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, NewRequest(token.Secret), ct);

        // A /30 has two usable addresses: its network (.0) and broadcast (.3) addresses are never handed out.
        Assert.Equal(["198.18.0.1/32", "198.18.0.2/32"], new[] { first.OverlayIPv4, second.OverlayIPv4 });
        var problem = await ProblemAsync(third, HttpStatusCode.Conflict, ct);
        Assert.Equal(EnrolmentRefusalReasons.AddressRangeExhausted, problem.GetProperty("reason").GetString());
        Assert.Contains("198.18.0.0/30", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(connectionString, ct));
    }

    [Fact]
    public async Task Too_many_enrolments_from_one_address_get_429_with_retry_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("enrol", ct),
            settings: new Dictionary<string, string?> { ["Enrolment:RateLimitPermits"] = "2", ["Enrolment:RateLimitWindow"] = "00:10:00" });
        controller.Start();
        using var agent = controller.CreateClient();
        var request = NewRequest(SecretHash.NewSecret());

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, request, ct);
            Assert.Equal(HttpStatusCode.Forbidden, allowed.StatusCode);
        }
        using var limited = await agent.PostAsJsonAsync(ControlPlaneRoutes.Enrolment, request, ct);

        await ProblemAsync(limited, HttpStatusCode.TooManyRequests, ct);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}
