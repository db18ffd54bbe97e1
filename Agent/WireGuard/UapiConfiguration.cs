using System.Net;

namespace Babelwire.Agent.WireGuard;

/// <summary>Everything a UAPI <c>get=1</c> reply carries about the device.</summary>
public sealed record UapiConfiguration(
    WireGuardKey? PrivateKey, int ListenPort, int FirewallMark, IReadOnlyList<UapiPeer> Peers)
{
    public DeviceState ToDeviceState() =>
        new(PrivateKey?.DerivePublicKey(), ListenPort, [.. Peers.Select(p => p.ToPeerState())]);
}

/// <summary>One peer of a UAPI <c>get=1</c> reply.</summary>
public sealed record UapiPeer(
    WireGuardKey PublicKey,
    IReadOnlySet<IPNetwork> AllowedIps,
    IPEndPoint? Endpoint,
    TimeSpan? PersistentKeepalive,
    DateTimeOffset? LastHandshake,
    long ReceivedBytes,
    long TransmittedBytes,
    int ProtocolVersion,
    bool HasPresharedKey)
{
    public PeerState ToPeerState() =>
        new(PublicKey, AllowedIps, Endpoint, PersistentKeepalive, LastHandshake, ReceivedBytes, TransmittedBytes);
}
