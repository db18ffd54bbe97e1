using System.Net;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Babel;

// CONTRACT STUB (engine helper replaces the bodies; keep the public signatures, add what is needed).
/// <summary>
/// The Babel engine (RFC 8966) for one router. Free of I/O: the host feeds it datagrams and time, and drains
/// the datagrams to send and the selected-route changes. Not thread-safe: exactly one loop owns it.
/// Every entry point reads the clock once from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class BabelRouter
{
    public BabelRouter(BabelRouterOptions options, TimeProvider time, Random random, ILogger<BabelRouter>? logger = null)
        => throw new NotImplementedException();

    public RouterId RouterId => throw new NotImplementedException();

    public void AddInterface(BabelInterface iface) => throw new NotImplementedException();

    public void RemoveInterface(string name) => throw new NotImplementedException();

    /// <summary>For <see cref="InterfaceKind.UnicastOnly"/> interfaces: a neighbour given from outside (a WireGuard peer's link-local).</summary>
    public void AddNeighbour(string iface, IPAddress address) => throw new NotImplementedException();

    public void RemoveNeighbour(string iface, IPAddress address) => throw new NotImplementedException();

    /// <summary>Originates a route to a local prefix (RFC 8966 §3.7, an xroute in babeld).</summary>
    public void Announce(IPNetwork prefix, ushort metric = 0) => throw new NotImplementedException();

    public void Withdraw(IPNetwork prefix) => throw new NotImplementedException();

    /// <summary>A datagram arrived on UDP 6696. Never throws on any payload.</summary>
    public void Receive(string iface, IPAddress source, ReadOnlySpan<byte> datagram) => throw new NotImplementedException();

    /// <summary>Runs every timer that is due and flushes due buffers.</summary>
    public void Poll() => throw new NotImplementedException();

    /// <summary>How long until <see cref="Poll"/> has work to do.</summary>
    public TimeSpan UntilNextDue() => throw new NotImplementedException();

    public void DrainOutgoing(ICollection<OutgoingDatagram> into) => throw new NotImplementedException();

    public void DrainRouteChanges(ICollection<SelectedRouteChange> into) => throw new NotImplementedException();

    public RouterSnapshot Snapshot() => throw new NotImplementedException();

    /// <summary>Retracts everything this node announced (urgent), as babeld does on shutdown.</summary>
    public void Shutdown() => throw new NotImplementedException();
}
