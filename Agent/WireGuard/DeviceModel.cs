using System.Net;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// What a device is known to hold: read from it, then kept up to date with every transaction that succeeded
/// (tailscale's <c>ToUAPI(prev)</c>). <see cref="Plan"/> diffs a desired config against it in time linear in the
/// desired config; <see cref="Commit"/> records a plan once the device took it. Not thread-safe: the device that
/// owns it serialises calls.
/// </summary>
public sealed class DeviceModel
{
    private readonly Dictionary<WireGuardKey, KnownPeer> _peers = [];

    // Which peer each prefix points to on the device: adding a prefix to one peer takes it from any other.
    private readonly Dictionary<IPNetwork, WireGuardKey> _owners = [];

    public WireGuardKey? PrivateKey { get; private set; }

    public int ListenPort { get; private set; }

    public int PeerCount => _peers.Count;

    public static DeviceModel FromConfiguration(UapiConfiguration configuration)
    {
        var model = new DeviceModel { PrivateKey = configuration.PrivateKey, ListenPort = configuration.ListenPort };
        foreach (var peer in configuration.Peers)
        {
            model.AddPeer(peer.PublicKey, peer.AllowedIps, peer.Endpoint, peer.PersistentKeepalive ?? TimeSpan.Zero);
        }

        return model;
    }

    public static DeviceModel FromState(WireGuardKey? privateKey, int listenPort, IEnumerable<PeerState> peers)
    {
        var model = new DeviceModel { PrivateKey = privateKey, ListenPort = listenPort };
        foreach (var peer in peers)
        {
            model.AddPeer(peer.PublicKey, peer.AllowedIps, peer.Endpoint, peer.PersistentKeepalive ?? TimeSpan.Zero);
        }

        return model;
    }

    public bool ContainsPeer(WireGuardKey publicKey) => _peers.ContainsKey(publicKey);

    /// <summary>The peer that <paramref name="prefix"/> points to, if any.</summary>
    public WireGuardKey? OwnerOf(IPNetwork prefix) => _owners.TryGetValue(prefix, out var owner) ? owner : null;

    /// <summary>The peers as the model knows them (no handshakes or counters: those are only in a read).</summary>
    public IReadOnlyList<PeerState> Peers() =>
        [.. _peers.Select(p => new PeerState(
            p.Key, p.Value.AllowedIps.ToHashSet(), p.Value.Endpoint,
            p.Value.Keepalive == TimeSpan.Zero ? null : p.Value.Keepalive, null, 0, 0))];

    /// <summary>
    /// The smallest change that makes the device as <paramref name="desired"/>: peers that already match are left
    /// out; a prefix another peer holds is simply added (the device re-points it), so the losing peer needs no
    /// change for it; with <see cref="AllowedIpRemoval.Replace"/>, a peer that loses a prefix gets its whole list.
    /// </summary>
    /// <exception cref="ArgumentException">A peer is listed twice, or two peers are given the same prefix.</exception>
    public DevicePlan Plan(DeviceConfig desired, AllowedIpRemoval removal)
    {
        var listed = new HashSet<WireGuardKey>(desired.Peers.Count);
        var claimed = new Dictionary<IPNetwork, WireGuardKey>();
        var additions = new List<IPNetwork>?[desired.Peers.Count];
        for (var i = 0; i < desired.Peers.Count; i++)
        {
            var peer = desired.Peers[i];
            if (!listed.Add(peer.PublicKey))
            {
                throw new ArgumentException($"peer {peer.PublicKey} is listed twice", nameof(desired));
            }

            _peers.TryGetValue(peer.PublicKey, out var known);
            List<IPNetwork>? added = null;
            foreach (var prefix in peer.AllowedIps)
            {
                if (known is not null && known.AllowedIps.Contains(prefix))
                {
                    continue;
                }

                if (!claimed.TryAdd(prefix, peer.PublicKey))
                {
                    throw new ArgumentException($"{prefix} is given to both {claimed[prefix]} and {peer.PublicKey}", nameof(desired));
                }

                (added ??= []).Add(prefix);
            }

            additions[i] = added;
        }

        var plans = new List<PeerPlan>();
        for (var i = 0; i < desired.Peers.Count; i++)
        {
            var peer = desired.Peers[i];
            var added = (IReadOnlyList<IPNetwork>?)additions[i] ?? [];
            if (!_peers.TryGetValue(peer.PublicKey, out var known))
            {
                plans.Add(new PeerPlan(
                    peer.PublicKey, PeerPlanKind.Create, peer.Endpoint,
                    peer.PersistentKeepalive is { } k && k != TimeSpan.Zero ? k : null,
                    ReplaceAllowedIps: true, added, [], peer.AllowedIps));
                continue;
            }

            // Prefixes the peer loses to another peer's addition move with that addition: nothing to remove here.
            List<IPNetwork>? removed = null;
            if (known.AllowedIps.Count > peer.AllowedIps.Count - added.Count)
            {
                foreach (var prefix in known.AllowedIps)
                {
                    if (!peer.AllowedIps.Contains(prefix) && !claimed.ContainsKey(prefix))
                    {
                        (removed ??= []).Add(prefix);
                    }
                }
            }

            foreach (var prefix in peer.AllowedIps)
            {
                if (claimed.TryGetValue(prefix, out var other) && other != peer.PublicKey && known.AllowedIps.Contains(prefix))
                {
                    throw new ArgumentException($"{prefix} is given to both {peer.PublicKey} and {other}", nameof(desired));
                }
            }

            var endpoint = peer.Endpoint is { } e && !e.Equals(known.Endpoint) ? e : null;
            var keepalive = peer.PersistentKeepalive is { } ka && ka != known.Keepalive ? ka : (TimeSpan?)null;
            var allowedIpsChange = added.Count > 0 || removed is not null;
            if (endpoint is null && keepalive is null && !allowedIpsChange)
            {
                continue;
            }

            var replace = removed is not null && removal == AllowedIpRemoval.Replace;
            plans.Add(new PeerPlan(
                peer.PublicKey, PeerPlanKind.Update, endpoint, keepalive, replace,
                replace ? [.. peer.AllowedIps] : added,
                replace ? [] : (IReadOnlyList<IPNetwork>?)removed ?? [],
                allowedIpsChange ? peer.AllowedIps : null));
        }

        if (desired.RemoveOtherPeers)
        {
            foreach (var key in _peers.Keys)
            {
                if (!listed.Contains(key))
                {
                    plans.Add(PeerPlan.Removal(key));
                }
            }
        }

        return new DevicePlan(
            desired.PrivateKey is { } privateKey && privateKey != PrivateKey ? privateKey : null,
            desired.ListenPort is { } port && port != ListenPort ? port : null,
            plans);
    }

    /// <summary>Records that the device took <paramref name="plan"/>.</summary>
    public void Commit(DevicePlan plan)
    {
        if (plan.PrivateKey is { } privateKey)
        {
            PrivateKey = privateKey;
        }

        if (plan.ListenPort is { } port)
        {
            ListenPort = port;
        }

        foreach (var change in plan.Peers)
        {
            switch (change.Kind)
            {
                case PeerPlanKind.Remove:
                    RemovePeer(change.PublicKey);
                    break;
                case PeerPlanKind.Create when !_peers.ContainsKey(change.PublicKey):
                    AddPeer(change.PublicKey, change.AllowedIps ?? new HashSet<IPNetwork>(), change.Endpoint, change.PersistentKeepalive ?? TimeSpan.Zero);
                    break;
                default:
                    UpdatePeer(change);
                    break;
            }
        }
    }

    /// <summary>Removes <paramref name="publicKey"/> and its prefixes, as another tool or a peer removal would.</summary>
    public void RemovePeer(WireGuardKey publicKey)
    {
        if (!_peers.Remove(publicKey, out var known))
        {
            return;
        }

        foreach (var prefix in known.AllowedIps)
        {
            if (_owners.TryGetValue(prefix, out var owner) && owner == publicKey)
            {
                _owners.Remove(prefix);
            }
        }
    }

    private void AddPeer(WireGuardKey publicKey, IEnumerable<IPNetwork> allowedIps, IPEndPoint? endpoint, TimeSpan keepalive)
    {
        var known = new KnownPeer { Endpoint = endpoint, Keepalive = keepalive };
        _peers[publicKey] = known;
        foreach (var prefix in allowedIps)
        {
            Point(prefix, publicKey, known);
        }
    }

    private void UpdatePeer(PeerPlan change)
    {
        if (!_peers.TryGetValue(change.PublicKey, out var known))
        {
            known = new KnownPeer();
            _peers[change.PublicKey] = known;
        }

        if (change.Endpoint is not null)
        {
            known.Endpoint = change.Endpoint;
        }

        if (change.PersistentKeepalive is { } keepalive)
        {
            known.Keepalive = keepalive;
        }

        if (change.ReplaceAllowedIps)
        {
            foreach (var prefix in known.AllowedIps)
            {
                if (_owners.TryGetValue(prefix, out var owner) && owner == change.PublicKey)
                {
                    _owners.Remove(prefix);
                }
            }

            known.AllowedIps.Clear();
        }

        foreach (var prefix in change.RemovedAllowedIps)
        {
            known.AllowedIps.Remove(prefix);
            _owners.Remove(prefix);
        }

        foreach (var prefix in change.AddedAllowedIps)
        {
            Point(prefix, change.PublicKey, known);
        }
    }

    private void Point(IPNetwork prefix, WireGuardKey publicKey, KnownPeer known)
    {
        if (_owners.TryGetValue(prefix, out var previous) && previous != publicKey && _peers.TryGetValue(previous, out var loser))
        {
            loser.AllowedIps.Remove(prefix);
        }

        _owners[prefix] = publicKey;
        known.AllowedIps.Add(prefix);
    }

    private sealed class KnownPeer
    {
        public HashSet<IPNetwork> AllowedIps { get; } = [];

        public IPEndPoint? Endpoint { get; set; }

        public TimeSpan Keepalive { get; set; }
    }
}
