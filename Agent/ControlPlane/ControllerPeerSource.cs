using System.Net;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.Routing;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared.Mesh;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// The WireGuard peers from the controller's peer set (this node's own key left out), united with the config
/// file's static peers; a static peer wins over the controller's entry for the same public key. The set in use is
/// kept in the state directory and loaded at start, so an agent restarted while the controller is away keeps its
/// peers and the mesh keeps routing. Changed by the hub client only (one writer); read by the WireGuard host.
/// </summary>
public sealed class ControllerPeerSource : IPeerSource
{
    private static readonly IPNetwork LinkLocals = IPNetwork.Parse("fe80::/10");

    private readonly IReadOnlyList<WireGuardPeer> _static;
    private readonly ControlPlaneStore _store;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private WireGuardKey? _self;
    private PeerSetDto? _set;
    private volatile IReadOnlyList<WireGuardPeer> _peers;
    private int _controllerPeers;

    public ControllerPeerSource(IOptions<AgentOptions> options, ControlPlaneStore store, ILogger<ControllerPeerSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _static = new StaticPeerSource(options).Peers;
        _store = store;
        _logger = logger;
        _peers = _static;
    }

    public IReadOnlyList<WireGuardPeer> Peers => _peers;

    public event Action? Changed;

    /// <summary>The version of the controller's peer set in use; null before the first one.</summary>
    public long? Version
    {
        get
        {
            lock (_gate)
                return _set?.Version;
        }
    }

    /// <summary>The digest of the controller's peer set in use, sent back on connect so an unchanged set is not sent again; null before the first one.</summary>
    public string? Digest
    {
        get
        {
            lock (_gate)
                return _set?.Digest is { Length: > 0 } digest ? digest : null;
        }
    }

    /// <summary>How many peers the controller's set gives this node (after leaving itself out).</summary>
    public int ControllerPeerCount => Volatile.Read(ref _controllerPeers);

    /// <summary>Sets our own public key and loads the peer set kept from the last run, if any. Call before the WireGuard host starts.</summary>
    public void Start(WireGuardKey self)
    {
        PeerSetDto? saved;
        try
        {
            saved = _store.LoadPeerSet();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Log.PeerSetUnreadable(_logger, _store.PeerSetPath, e.Message);
            saved = null;
        }
        lock (_gate)
        {
            _self = self;
            if (saved is not null)
                Publish(saved);
        }
        if (saved is not null)
            Log.PeerSetLoaded(_logger, saved.Version, ControllerPeerCount, _store.PeerSetPath);
    }

    /// <summary>Forgets a peer set kept for another enrolment (another controller or key).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _set = null;
            _peers = _static;
            _controllerPeers = 0;
        }
        try
        {
            _store.DeletePeerSet();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PeerSetNotSaved(_logger, _store.PeerSetPath, e.Message);
        }
        Changed?.Invoke();
    }

    /// <summary>Takes the whole set (on connect, or after a missed delta).</summary>
    public void Replace(PeerSetDto peerSet)
    {
        ArgumentNullException.ThrowIfNull(peerSet);
        lock (_gate)
        {
            if (_set is { } current && current.Version == peerSet.Version && current.Digest == peerSet.Digest && SameSet(current, peerSet))
                return;
            Publish(peerSet);
        }
        Persist(peerSet);
        Changed?.Invoke();
    }

    /// <summary>
    /// The controller says the set we hold is current (<see cref="Shared.Hub.AgentSession.PeerSetUnchanged"/>):
    /// keep the peers, take the version and digest of <paramref name="current"/> (which carries no peers).
    /// </summary>
    public void KeepCurrent(PeerSetDto current)
    {
        ArgumentNullException.ThrowIfNull(current);
        PeerSetDto kept;
        lock (_gate)
        {
            if (_set is not { } held)
                return;
            kept = held with { Version = current.Version, Digest = current.Digest };
            _set = kept;
        }
        Persist(kept);
    }

    /// <summary>
    /// Applies a delta whose base is the set in use and ignores one at or below the version held (a Connect
    /// snapshot may already contain it): true. False (nothing changed) for any other: fetch the whole set.
    /// </summary>
    public bool TryApply(PeerSetDeltaDto delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        PeerSetDto next;
        lock (_gate)
        {
            if (_set is { } held && delta.Version <= held.Version)
                return true;
            if (_set is not { } current || current.Version != delta.FromVersion)
                return false;
            var byKey = current.Peers.ToDictionary(p => p.PublicKey, StringComparer.Ordinal);
            foreach (var removed in delta.RemovedPublicKeys)
                byKey.Remove(removed);
            foreach (var upserted in delta.Upserted)
                byKey[upserted.PublicKey] = upserted;
            next = new PeerSetDto(delta.Version, [.. byKey.Values], delta.Digest);
            Publish(next);
        }
        Persist(next);
        Changed?.Invoke();
        return true;
    }

    /// <summary>Maps <paramref name="peerSet"/> to WireGuard peers and swaps them in. Called under the gate.</summary>
    private void Publish(PeerSetDto peerSet)
    {
        _set = peerSet;
        var staticKeys = _static.Select(p => p.PublicKey).ToHashSet();
        var fromController = new List<WireGuardPeer>(peerSet.Peers.Count);
        foreach (var dto in peerSet.Peers)
        {
            if (!WireGuardKey.TryParse(dto.PublicKey, out var key) || key.IsZero)
            {
                Log.PeerSkipped(_logger, dto.Name, dto.PublicKey, "its public key is not a WireGuard key");
                continue;
            }
            if (key == _self)
                continue;
            fromController.Add(ToWireGuardPeer(key, dto));
        }
        _controllerPeers = fromController.Count;
        // Config wins: a static peer replaces the controller's entry for the same key.
        _peers = [.. _static, .. fromController.Where(p => !staticKeys.Contains(p.PublicKey))];
    }

    /// <summary>
    /// Endpoint: the first of the peer's endpoints that is an IP literal (WireGuard takes no host names). AllowedIPs:
    /// the set's base AllowedIPs besides the derived link-local /128, which <see cref="WireGuardPeer.Create"/> always adds;
    /// they get kernel routes like a static peer's extra AllowedIPs.
    /// </summary>
    internal WireGuardPeer ToWireGuardPeer(WireGuardKey key, PeerDto dto)
    {
        IPEndPoint? endpoint = null;
        foreach (var text in dto.Endpoints)
        {
            if (EndpointText.TryParseIP(text, out var parsed))
            {
                endpoint = parsed;
                break;
            }
        }
        var allowed = new List<IPNetwork>();
        foreach (var text in dto.AllowedIPs)
        {
            if (!IPNetwork.TryParse(text, out var prefix))
            {
                Log.PeerSkipped(_logger, dto.Name, dto.PublicKey, $"AllowedIP '{text}' is not a prefix; ignored");
                continue;
            }
            if (!LinkLocals.Contains(prefix.BaseAddress))
                allowed.Add(prefix);
        }
        return WireGuardPeer.Create(key, allowed, endpoint, keepalive: null, configured: true);
    }

    private static bool SameSet(PeerSetDto a, PeerSetDto b)
        => a.Peers.Count == b.Peers.Count && a.Peers.Zip(b.Peers).All(p => Same(p.First, p.Second));

    private static bool Same(PeerDto a, PeerDto b)
        => a.PublicKey == b.PublicKey && a.Endpoints.SequenceEqual(b.Endpoints) && a.AllowedIPs.SequenceEqual(b.AllowedIPs)
            && a.Name == b.Name && a.NodeId == b.NodeId;

    private void Persist(PeerSetDto peerSet)
    {
        try
        {
            _store.SavePeerSet(peerSet);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The set is in use anyway; only a restart while the controller is away would miss it.
            Log.PeerSetNotSaved(_logger, _store.PeerSetPath, e.Message);
        }
    }
}
