using System.Net;
using System.Threading.Channels;
using Babelwire.Agent.Hosting;

namespace Babelwire.Agent.Tests.Hosting;

/// <summary>
/// A broadcast segment in memory: each attached transport sees multicast datagrams and unicast ones addressed to
/// its link-local, with the sender's link-local as source, as a veth pair would deliver them.
/// </summary>
internal sealed class InMemoryLink
{
    private readonly List<InMemoryTransport> _attached = [];

    public InMemoryTransport Attach(ResolvedInterface iface)
    {
        var transport = new InMemoryTransport(this, iface);
        lock (_attached)
            _attached.Add(transport);
        return transport;
    }

    public void Deliver(InMemoryTransport from, IPAddress destination, ReadOnlySpan<byte> payload)
    {
        InMemoryTransport[] targets;
        lock (_attached)
            targets = [.. _attached];
        foreach (var to in targets)
        {
            if (to != from && (destination.IsIPv6Multicast || destination.Equals(to.Interface.LinkLocal)))
                to.Inject(from.Interface.LinkLocal, to.Index, payload);
        }
    }
}

internal sealed class InMemoryTransport(InMemoryLink link, ResolvedInterface iface) : IBabelTransport
{
    private readonly Channel<(byte[] Payload, IPAddress Source, int Index)> _inbound = Channel.CreateUnbounded<(byte[], IPAddress, int)>();
    private int _sent;

    public ResolvedInterface Interface { get; } = iface;

    /// <summary>The interface index datagrams arrive with (changes when a test recreates the interface).</summary>
    public int Index { get; set; } = iface.Index;

    public bool Opened { get; private set; }

    public bool Joined { get; private set; }

    public int Sent => Volatile.Read(ref _sent);

    /// <summary>While false, datagrams are lost (a cut link).</summary>
    public bool Connected { get; set; } = true;

    public void Open() => Opened = true;

    public void JoinMulticast(ResolvedInterface iface) => Joined = true;

    public ValueTask SendAsync(ResolvedInterface iface, IPAddress destination, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sent);
        if (Connected)
            link.Deliver(this, destination, payload.Span);
        return ValueTask.CompletedTask;
    }

    public void Inject(IPAddress source, int index, ReadOnlySpan<byte> payload)
        => _inbound.Writer.TryWrite((payload.ToArray(), source, index));

    public async ValueTask<TransportDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var (payload, source, index) = await _inbound.Reader.ReadAsync(cancellationToken);
        payload.CopyTo(buffer);
        return new TransportDatagram(payload.Length, source, index);
    }

    public void Dispose() => _inbound.Writer.TryComplete();
}

/// <summary>Reports interfaces only once a test says they exist.</summary>
internal sealed class FakeInterfaceResolver : IInterfaceResolver
{
    private readonly Dictionary<string, ResolvedInterface> _present = [];
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public void Add(ResolvedInterface iface)
    {
        lock (_present)
            _present[iface.Name] = iface;
    }

    public void Remove(string name)
    {
        lock (_present)
            _present.Remove(name);
    }

    public ResolvedInterface? TryResolve(string name, out string problem)
    {
        Interlocked.Increment(ref _lookups);
        lock (_present)
        {
            problem = _present.ContainsKey(name) ? "" : "no such interface";
            return _present.GetValueOrDefault(name);
        }
    }
}
