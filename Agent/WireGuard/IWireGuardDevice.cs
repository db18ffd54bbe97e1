using System.Net;

namespace Babelwire.Agent.WireGuard;

// Implemented by the UAPI device (wireguard-go, boringtun), the `wg`-tool device (kernel WireGuard) and the
// recording in-memory fake.
/// <summary>
/// One WireGuard interface, as desired state (docs/code-style.md §6): <see cref="ApplyAsync"/> sends only the difference from
/// what the device has, in one transaction per call, and leaves peers it is not given untouched.
/// </summary>
public interface IWireGuardDevice
{
    string InterfaceName { get; }

    /// <summary>Reads the device: keys, port, and every peer with its endpoint, AllowedIPs, handshake and counters.</summary>
    Task<DeviceState> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes every peer in <paramref name="desired"/> exactly as given (creating it if absent); with
    /// <see cref="DeviceConfig.RemoveOtherPeers"/> also removes the peers not listed, and <see cref="DeviceConfig.RemovePeers"/>
    /// those named. Unchanged peers are not touched.
    /// </summary>
    Task ApplyAsync(DeviceConfig desired, CancellationToken cancellationToken);
}

public sealed record DeviceConfig(IReadOnlyList<PeerConfig> Peers)
{
    public WireGuardKey? PrivateKey { get; init; }

    public int? ListenPort { get; init; }

    public bool RemoveOtherPeers { get; init; }

    /// <summary>Peers to remove (not also listed in <see cref="DeviceConfig.Peers"/>); ones the device does not have are ignored.</summary>
    public IReadOnlyCollection<WireGuardKey> RemovePeers { get; init; } = [];
}

/// <param name="AllowedIps">Exactly the peer's list: prefixes missing here are removed from the peer.</param>
/// <param name="Endpoint">Null leaves the device's endpoint as it is (the UAPI cannot clear one; peers roam).</param>
/// <param name="PersistentKeepalive">Null leaves the device's setting as it is; <see cref="TimeSpan.Zero"/> turns it off.</param>
public sealed record PeerConfig(
    WireGuardKey PublicKey,
    IReadOnlySet<IPNetwork> AllowedIps,
    IPEndPoint? Endpoint = null,
    TimeSpan? PersistentKeepalive = null);

public sealed record DeviceState(WireGuardKey? PublicKey, int ListenPort, IReadOnlyList<PeerState> Peers);

/// <param name="LastHandshake">Null if there never was one (UAPI reports 0).</param>
public sealed record PeerState(
    WireGuardKey PublicKey,
    IReadOnlySet<IPNetwork> AllowedIps,
    IPEndPoint? Endpoint,
    TimeSpan? PersistentKeepalive,
    DateTimeOffset? LastHandshake,
    long ReceivedBytes,
    long TransmittedBytes);
