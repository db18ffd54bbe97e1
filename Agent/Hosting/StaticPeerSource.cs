using Babelwire.Agent.Configuration;
using Babelwire.Agent.Routing;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Hosting;

/// <summary>The <c>wireguard.peers</c> list of the config file; it never changes while the agent runs.</summary>
public sealed class StaticPeerSource(IOptions<AgentOptions> options) : IPeerSource
{
    public IReadOnlyList<WireGuardPeer> Peers { get; } = [.. (options.Value.WireGuard?.Peers ?? []).Select(p =>
        WireGuardPeer.Create(p.PublicKey!.Value, p.AllowedIps, p.Endpoint, p.PersistentKeepalive, configured: true))];

#pragma warning disable CS0067 // A static list never changes; the controller's source will raise it.
    public event Action? Changed;
#pragma warning restore CS0067
}
