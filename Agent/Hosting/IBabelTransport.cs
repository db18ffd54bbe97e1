using System.Net;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// The one UDP socket on port 6696 (RFC 8966 §5). Thin on purpose: filtering and bookkeeping are the host's, so a
/// test can put an in-memory transport here and keep everything else real.
/// </summary>
public interface IBabelTransport : IDisposable
{
    /// <summary>Binds; throws <see cref="System.Net.Sockets.SocketException"/> when it cannot.</summary>
    void Open();

    /// <summary>Joins ff02::1:6 on a multicast interface.</summary>
    void JoinMulticast(ResolvedInterface iface);

    /// <summary>Sends from port 6696 out of <paramref name="iface"/>; throws on a send error, which the caller counts.</summary>
    ValueTask SendAsync(ResolvedInterface iface, IPAddress destination, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>The next datagram, with the interface it arrived on (IPV6_PKTINFO).</summary>
    ValueTask<TransportDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}

/// <param name="Source">Without a scope id: the interface is in <paramref name="InterfaceIndex"/>.</param>
public readonly record struct TransportDatagram(int Length, IPAddress Source, int InterfaceIndex);
