using System.Net;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// A recording fake WireGuard interface (docs/code-style.md §6, after tailscale's <c>fakeOS</c>): it keeps the state a real
/// device would hold, diffs exactly as the real devices do, and records every transaction, so a test can assert both
/// the end state and how much was sent to reach it. It can also be changed behind the caller's back (another tool
/// adds or removes a peer), be given handshakes and counters, and fail a transaction part-way.
/// </summary>
public sealed class InMemoryWireGuardDevice : IWireGuardDevice
{
    private readonly object _lock = new();
    private readonly DeviceModel _state = new();
    private readonly Dictionary<WireGuardKey, (DateTimeOffset? Handshake, long Rx, long Tx)> _statistics = [];
    private readonly List<DevicePlan> _transactions = [];
    private (int AppliedPeers, Exception Exception)? _failNext;

    public InMemoryWireGuardDevice(string interfaceName = "wg0", AllowedIpRemoval removal = AllowedIpRemoval.Replace)
    {
        InterfaceName = interfaceName;
        Removal = removal;
    }

    public string InterfaceName { get; }

    /// <summary>What the fake answers to a capability question: the removal mode every plan uses.</summary>
    public AllowedIpRemoval Removal { get; }

    /// <summary>Every transaction that reached the device (failed ones included, with what was sent).</summary>
    public IReadOnlyList<DevicePlan> Transactions
    {
        get
        {
            lock (_lock)
            {
                return [.. _transactions];
            }
        }
    }

    public int TransactionCount
    {
        get
        {
            lock (_lock)
            {
                return _transactions.Count;
            }
        }
    }

    /// <summary>How many peers each transaction touched, in order.</summary>
    public IReadOnlyList<int> PeersTouchedPerTransaction
    {
        get
        {
            lock (_lock)
            {
                return [.. _transactions.Select(t => t.Peers.Count)];
            }
        }
    }

    public int ReadCount { get; private set; }

    public Task<DeviceState> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ReadCount++;
            var peers = _state.Peers().Select(p =>
                _statistics.TryGetValue(p.PublicKey, out var s)
                    ? p with { LastHandshake = s.Handshake, ReceivedBytes = s.Rx, TransmittedBytes = s.Tx }
                    : p);
            return Task.FromResult(new DeviceState(_state.PrivateKey?.DerivePublicKey(), _state.ListenPort, [.. peers]));
        }
    }

    public Task ApplyAsync(DeviceConfig desired, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var plan = _state.Plan(desired, Removal);
            if (plan.IsEmpty)
            {
                return Task.CompletedTask;
            }

            _transactions.Add(plan);
            if (_failNext is { } failure)
            {
                // Like wireguard-go: everything before the failing line took effect, nothing after it.
                _failNext = null;
                _state.Commit(plan with { Peers = [.. plan.Peers.Take(failure.AppliedPeers)] });
                return Task.FromException(failure.Exception);
            }

            _state.Commit(plan);
            return Task.CompletedTask;
        }
    }

    /// <summary>The next transaction applies its first <paramref name="appliedPeers"/> peer changes, then fails.</summary>
    public void FailNextApply(int appliedPeers = 0, Exception? exception = null)
    {
        lock (_lock)
        {
            _failNext = (appliedPeers, exception ?? new UapiException(InterfaceName, "set", 22));
        }
    }

    /// <summary>Adds or replaces a peer as another tool (wg, wg-quick) would; not recorded as a transaction.</summary>
    public void SetPeerExternally(PeerConfig peer)
    {
        lock (_lock)
        {
            _state.RemovePeer(peer.PublicKey);
            _state.Commit(new DevicePlan(null, null, [
                new PeerPlan(peer.PublicKey, PeerPlanKind.Create, peer.Endpoint, peer.PersistentKeepalive, true,
                    [.. peer.AllowedIps], [], peer.AllowedIps),
            ]));
        }
    }

    /// <summary>Removes a peer as another tool would; not recorded as a transaction.</summary>
    public void RemovePeerExternally(WireGuardKey publicKey)
    {
        lock (_lock)
        {
            _state.RemovePeer(publicKey);
            _statistics.Remove(publicKey);
        }
    }

    /// <summary>Sets what a read reports for a peer's handshake and counters.</summary>
    public void SetStatistics(WireGuardKey publicKey, DateTimeOffset? lastHandshake, long receivedBytes, long transmittedBytes)
    {
        lock (_lock)
        {
            _statistics[publicKey] = (lastHandshake, receivedBytes, transmittedBytes);
        }
    }

    /// <summary>The peer <paramref name="prefix"/> points to now, if any.</summary>
    public WireGuardKey? OwnerOf(IPNetwork prefix)
    {
        lock (_lock)
        {
            return _state.OwnerOf(prefix);
        }
    }
}
