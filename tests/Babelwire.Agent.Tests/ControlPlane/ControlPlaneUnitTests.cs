using Babelwire.Agent.ControlPlane;
using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Agent.Tests.ControlPlane;

public sealed class ControlPlaneUnitTests
{
    [Fact]
    public void Backoff_doubles_from_one_second_to_sixty_with_jitter_between_three_quarters_and_five_quarters_and_resets()
    {
        var backoff = new Backoff(Backoff.DefaultInitial, Backoff.DefaultMaximum, new Random(1));
        double[] nominal = [1, 2, 4, 8, 16, 32, 60, 60, 60];
        foreach (var n in nominal)
        {
            var delay = backoff.Next().TotalSeconds;
            Assert.InRange(delay, n * 0.75, n * 1.25);
        }
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 0.75, 1.25);
    }

    [Fact]
    public void Backoff_jitter_spreads_agents_that_fail_together()
    {
        var delays = Enumerable.Range(0, 20).Select(seed => new Backoff(Backoff.DefaultInitial, Backoff.DefaultMaximum, new Random(seed)).Next()).ToHashSet();

        Assert.True(delays.Count > 10);
    }

    [Theory]
    [InlineData("192.0.2.1:51820", true)]
    [InlineData("[2001:db8::1]:51820", true)]
    [InlineData("node-1.example:51820", true)]
    [InlineData("2001:db8::1:51820", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("192.0.2.1:0", false)]
    [InlineData("192.0.2.1:65536", false)]
    [InlineData(":51820", false)]
    [InlineData("bad host:1", false)]
    public void Endpoints_are_host_and_port(string text, bool valid) => Assert.Equal(valid, EndpointText.IsValid(text));

    [Fact]
    public void Only_ip_literal_endpoints_are_usable_by_wireguard()
    {
        Assert.True(EndpointText.TryParseIP("[2001:db8::1]:51820", out var v6));
        Assert.Equal("[2001:db8::1]:51820", v6.ToString());
        Assert.False(EndpointText.TryParseIP("node.example:51820", out _));
        Assert.False(EndpointText.TryParseIP("0.0.0.0:51820", out _));
    }

    [Fact]
    public void A_hub_exception_thrown_on_purpose_is_told_apart_from_an_unexpected_server_error()
    {
        Assert.Equal("Protocol version 1 is not supported",
            AgentHubClient.Refusal(new HubException("An unexpected error occurred invoking 'Connect' on the server. HubException: Protocol version 1 is not supported")));
        Assert.Null(AgentHubClient.Refusal(new HubException("An unexpected error occurred invoking 'Connect' on the server.")));
    }

    [Fact]
    public void Problem_details_are_read_into_one_line_and_other_bodies_are_cut_short()
    {
        Assert.Equal("403 Forbidden: Token revoked: revoked by admin",
            ProblemText.Describe(System.Net.HttpStatusCode.Forbidden, "application/problem+json", """{ "title": "Token revoked", "detail": "revoked by admin", "status": 403 }"""));
        Assert.Equal("502 BadGateway: <html>bad gateway</html>",
            ProblemText.Describe(System.Net.HttpStatusCode.BadGateway, "text/html", "<html>bad gateway</html>"));
        Assert.EndsWith("…", ProblemText.Describe(System.Net.HttpStatusCode.InternalServerError, "text/plain", new string('x', 1000)), StringComparison.Ordinal);
    }
}
