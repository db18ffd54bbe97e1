using Babelwire.Controller.Services;
using Babelwire.Controller.Services.PeerSets;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Mesh;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Controller.Tests.Hub;

public sealed class PeerSetDigestTests(PostgresFixture postgres)
{
    private static PeerDto Peer(int n) => new(Guid.NewGuid(), $"n{n}", $"key{n}", [$"192.0.2.{n}:51820"], [$"fe80::{n}/128"], $"fd00:b:1::{n}/128", $"198.18.0.{n}/32");

    [Fact]
    public void Digest_does_not_depend_on_order_and_follows_one_peer_changes()
    {
        PeerDto[] peers = [Peer(1), Peer(2), Peer(3)];
        var digest = PeerSetDigest.Of(peers);

        Assert.Equal(digest, PeerSetDigest.Of(peers.Reverse()));
        var changed = peers[1] with { Endpoints = ["198.51.100.2:51820"] };
        Assert.Equal(PeerSetDigest.Of([peers[0], changed, peers[2]]), digest ^ PeerSetDigest.Of(peers[1]) ^ PeerSetDigest.Of(changed));
        Assert.NotEqual(digest, PeerSetDigest.Of([peers[0], changed, peers[2]]));
        Assert.Equal(PeerSetDigest.Of([peers[0], peers[2]]), digest ^ PeerSetDigest.Of(peers[1]));
    }

    [Fact]
    // Every seeded node has the endpoints TestAgent announces, so connecting changes no peer and no digest.
    public async Task Reconnecting_with_the_current_digest_transfers_no_peers_even_after_a_controller_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("digest", ct);
        await using (var migrating = new ControllerFactory(connectionString))
        {
            migrating.Start();
        }
        var nodes = new List<SeededNode>();
        for (var i = 0; i < 5; i++)
        {
            nodes.Add(await TestNodes.SeedAsync(connectionString, ct, endpoints: ["192.0.2.1:51820"]));
        }
        string digest;
        await using (var controller = new ControllerFactory(connectionString))
        {
            var baseUri = controller.Start();
            await using var agent = await TestAgent.ConnectAsync(baseUri, nodes[0], ct);
            Assert.False(agent.Session!.PeerSetUnchanged);
            Assert.Equal(5, agent.Session.PeerSet.Peers.Count);
            digest = agent.Session.PeerSet.Digest;

            await using var again = await TestAgent.StartAsync(baseUri, nodes[1].Credential, ct);
            var session = await again.HelloAsync(ct, knownPeerSetDigest: digest);
            Assert.True(session.PeerSetUnchanged);
            Assert.Empty(session.PeerSet.Peers);
            Assert.Equal(agent.Session.PeerSet.Version, session.PeerSet.Version);
        }

        await using (var restarted = new ControllerFactory(connectionString))
        {
            var baseUri = restarted.Start();
            await using var agent = await TestAgent.StartAsync(baseUri, nodes[0].Credential, ct);
            var session = await agent.HelloAsync(ct, knownPeerSetDigest: digest);
            Assert.True(session.PeerSetUnchanged);
            Assert.Equal(digest, session.PeerSet.Digest);

            var joining = await TestNodes.SeedAsync(connectionString, ct, endpoints: ["192.0.2.1:51820"]);
            await restarted.Services.GetRequiredService<IMeshChangeNotifier>().NodeChangedAsync(joining.Id, ct);
            var delta = await agent.WaitForDeltaAsync(d => d.Upserted.Any(p => p.PublicKey == joining.PublicKey), TimeSpan.FromSeconds(10), ct);
            var full = await agent.Connection.InvokeAsync<PeerSetDto>(nameof(Shared.Hub.IAgentHub.GetPeerSet), ct);
            Assert.Equal(full.Digest, delta.Digest);
            Assert.NotEqual(digest, delta.Digest);

            await using var stale = await TestAgent.StartAsync(baseUri, nodes[2].Credential, ct);
            var staleSession = await stale.HelloAsync(ct, knownPeerSetDigest: digest);
            Assert.False(staleSession.PeerSetUnchanged);
            Assert.Equal(6, staleSession.PeerSet.Peers.Count);
        }
    }
}
