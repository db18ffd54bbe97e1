using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    // The peer's entry rather than its key: smaller table entries, and no key comparison in the common case.
    private readonly Dictionary<IPNetwork, KnownPeer> _owners = [];

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
    public WireGuardKey? OwnerOf(IPNetwork prefix) => _owners.TryGetValue(prefix, out var owner) ? owner.PublicKey : null;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DevicePlan Plan(DeviceConfig desired, AllowedIpRemoval removal)
    {
        var peerCount = desired.Peers.Count;
        var knowns = new KnownPeer?[peerCount];

        // Sized for the usual case (each known list a subset of the desired one) so that a large batch never rehashes.
        var expectedClaims = 0;
        for (var i = 0; i < peerCount; i++)
        {
            var peer = desired.Peers[i];
            _peers.TryGetValue(peer.PublicKey, out var known);
            knowns[i] = known;
            expectedClaims += Math.Max(0, peer.AllowedIps.Count - (known?.AllowedIps.Count ?? 0));
        }

        var listed = new HashSet<WireGuardKey>(peerCount);
        // Which desired peer (its index) adds each prefix: an index keeps the table's entries small.
        var claimed = new Dictionary<IPNetwork, int>(expectedClaims);
        var additions = new List<IPNetwork>?[peerCount];
        for (var i = 0; i < peerCount; i++)
        {
            var peer = desired.Peers[i];
            if (!listed.Add(peer.PublicKey))
            {
                throw new ArgumentException($"peer {peer.PublicKey} is listed twice", nameof(desired));
            }

            // A peer listed twice was caught above, so knowns[i] is this peer's entry as the model holds it.
            var held = knowns[i]?.AllowedIps;
            if (held is { Count: 0 })
            {
                held = null;
            }

            List<IPNetwork>? added = null;
            foreach (var prefix in peer.AllowedIps)
            {
                if (held is not null && held.Contains(prefix))
                {
                    continue;
                }

                if (!claimed.TryAdd(prefix, i))
                {
                    throw new ArgumentException($"{prefix} is given to both {desired.Peers[claimed[prefix]].PublicKey} and {peer.PublicKey}", nameof(desired));
                }

                (added ??= new List<IPNetwork>(held is null ? peer.AllowedIps.Count : 4)).Add(prefix);
            }

            additions[i] = added;
        }

        var plans = new List<PeerPlan>(peerCount);
        for (var i = 0; i < peerCount; i++)
        {
            var peer = desired.Peers[i];
            var added = (IReadOnlyList<IPNetwork>?)additions[i] ?? [];
            var known = knowns[i];
            if (known is null)
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

            // A prefix this peer keeps (held and desired, so not claimed by it) that another peer claims: a conflict.
            // Only possible when other peers claimed something; walk the smallest of the three sets involved.
            if (known.AllowedIps.Count > 0 && claimed.Count > added.Count)
            {
                ThrowIfKeptPrefixClaimed(i, known.AllowedIps, claimed, desired);
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

        foreach (var key in desired.RemovePeers)
        {
            if (listed.Contains(key))
            {
                throw new ArgumentException($"peer {key} is both listed and to be removed", nameof(desired));
            }

            if (!desired.RemoveOtherPeers && _peers.ContainsKey(key))
            {
                plans.Add(PeerPlan.Removal(key));
            }
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Commit(DevicePlan plan)
    {
        var additions = 0;
        foreach (var change in plan.Peers)
        {
            additions += change.AddedAllowedIps.Count;
        }

        _owners.EnsureCapacity(_owners.Count + additions);

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
            if (_owners.TryGetValue(prefix, out var owner) && owner.PublicKey == publicKey)
            {
                _owners.Remove(prefix);
            }
        }
    }

    private static void ThrowIfKeptPrefixClaimed(
        int index, HashSet<IPNetwork> held, Dictionary<IPNetwork, int> claimed, DeviceConfig desired)
    {
        // Peers are listed once (checked before), so another index is another peer.
        var peer = desired.Peers[index];
        if (peer.AllowedIps.Count <= held.Count && peer.AllowedIps.Count <= claimed.Count)
        {
            foreach (var prefix in peer.AllowedIps)
            {
                if (claimed.TryGetValue(prefix, out var other) && other != index && held.Contains(prefix))
                {
                    throw KeptPrefixClaimed(prefix, peer.PublicKey, desired.Peers[other].PublicKey, desired);
                }
            }
        }
        else if (held.Count <= claimed.Count)
        {
            foreach (var prefix in held)
            {
                if (claimed.TryGetValue(prefix, out var other) && other != index && peer.AllowedIps.Contains(prefix))
                {
                    throw KeptPrefixClaimed(prefix, peer.PublicKey, desired.Peers[other].PublicKey, desired);
                }
            }
        }
        else
        {
            foreach (var (prefix, other) in claimed)
            {
                if (other != index && held.Contains(prefix) && peer.AllowedIps.Contains(prefix))
                {
                    throw KeptPrefixClaimed(prefix, peer.PublicKey, desired.Peers[other].PublicKey, desired);
                }
            }
        }
    }

    private static ArgumentException KeptPrefixClaimed(IPNetwork prefix, WireGuardKey peer, WireGuardKey other, DeviceConfig desired) =>
        new($"{prefix} is given to both {peer} and {other}", nameof(desired));

    private void AddPeer(WireGuardKey publicKey, IEnumerable<IPNetwork> allowedIps, IPEndPoint? endpoint, TimeSpan keepalive)
    {
        var known = new KnownPeer(publicKey) { Endpoint = endpoint, Keepalive = keepalive };
        _peers[publicKey] = known;
        if (allowedIps is HashSet<IPNetwork> set && set.Comparer.Equals(EqualityComparer<IPNetwork>.Default))
        {
            // A copy of the set's own tables (no rehashing); then only the owners need pointing.
            known.AllowedIps = new HashSet<IPNetwork>(set);
            foreach (var prefix in set)
            {
                PointOwner(prefix, known);
            }

            return;
        }

        if (allowedIps is IReadOnlyCollection<IPNetwork> collection)
        {
            known.AllowedIps.EnsureCapacity(collection.Count);
        }

        foreach (var prefix in allowedIps)
        {
            Point(prefix, known);
        }
    }

    private void UpdatePeer(PeerPlan change)
    {
        if (!_peers.TryGetValue(change.PublicKey, out var known))
        {
            known = new KnownPeer(change.PublicKey);
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
                if (_owners.TryGetValue(prefix, out var owner) && owner.PublicKey == change.PublicKey)
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

        var added = change.AddedAllowedIps;
        if (known.AllowedIps.Count == 0
            && change.AllowedIps is HashSet<IPNetwork> desired
            && desired.Comparer.Equals(EqualityComparer<IPNetwork>.Default)
            && desired.Count == added.Count)
        {
            // The peer held nothing and gets its whole desired set (the added prefixes are that set): copy the set
            // wholesale (no rehashing) and only re-point the owners.
            known.AllowedIps = new HashSet<IPNetwork>(desired);
            foreach (var prefix in added)
            {
                PointOwner(prefix, known);
            }

            return;
        }

        known.AllowedIps.EnsureCapacity(known.AllowedIps.Count + added.Count);
        foreach (var prefix in added)
        {
            Point(prefix, known);
        }
    }

    private void Point(IPNetwork prefix, KnownPeer known)
    {
        PointOwner(prefix, known);
        known.AllowedIps.Add(prefix);
    }

    /// <summary>Makes <paramref name="known"/> the owner of <paramref name="prefix"/>, taking it from any other peer.</summary>
    private void PointOwner(IPNetwork prefix, KnownPeer known)
    {
        ref var owner = ref CollectionsMarshal.GetValueRefOrAddDefault(_owners, prefix, out var existed);
        if (existed
            && !ReferenceEquals(owner, known)
            && owner!.PublicKey != known.PublicKey
            && _peers.TryGetValue(owner.PublicKey, out var loser))
        {
            loser.AllowedIps.Remove(prefix);
        }

        owner = known;
    }

    private sealed class KnownPeer(WireGuardKey publicKey)
    {
        public WireGuardKey PublicKey { get; } = publicKey;

        public HashSet<IPNetwork> AllowedIps { get; set; } = [];

        public IPEndPoint? Endpoint { get; set; }

        public TimeSpan Keepalive { get; set; }
    }
}
