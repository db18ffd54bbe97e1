namespace Babelwire.Agent.Hosting;

/// <summary>What the WireGuard side of the host dropped or saw; shown under <c>wireguard.</c> in the status counters.</summary>
public sealed class WireGuardCounters
{
    private long _droppedNotFromPeer;
    private long _peersAdded;
    private long _peersRemoved;
    private long _deviceReadFailures;

    /// <summary>Babel datagrams on the WireGuard interface whose source is no current peer's link-local.</summary>
    public long DroppedNotFromPeer => Volatile.Read(ref _droppedNotFromPeer);

    public long PeersAdded => Volatile.Read(ref _peersAdded);

    public long PeersRemoved => Volatile.Read(ref _peersRemoved);

    public long DeviceReadFailures => Volatile.Read(ref _deviceReadFailures);

    public void NotFromPeer() => Interlocked.Increment(ref _droppedNotFromPeer);

    public void Added(int count) => Interlocked.Add(ref _peersAdded, count);

    public void Removed(int count) => Interlocked.Add(ref _peersRemoved, count);

    public void ReadFailure() => Interlocked.Increment(ref _deviceReadFailures);
}
