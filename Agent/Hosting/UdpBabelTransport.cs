using System.Net;
using System.Net.Sockets;
using Babelwire.Agent.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Hosting;

/// <summary>One IPv6 UDP socket on [::]:6696 for every interface, as babeld does.</summary>
public sealed class UdpBabelTransport(IOptions<AgentOptions> options, ILogger<UdpBabelTransport> logger) : IBabelTransport
{
    /// <summary>RFC 8966 §5: the Babel multicast group for IPv6.</summary>
    public static readonly IPAddress MulticastGroup = IPAddress.Parse("ff02::1:6");

    // Linux values that System.Net.Sockets has no names for.
    private const int SolSocket = 1;
    private const int SoRcvBufForce = 33;
    private const int IpProtoIpv6 = 41;
    private const int Ipv6TrafficClass = 67;
    private const int TrafficClassCs6 = 0xC0;

    private readonly int _port = options.Value.Port;
    private readonly Dictionary<(int Index, IPAddress Address), IPEndPoint> _endpoints = [];
    private readonly IPEndPoint _anyEndPoint = new(IPAddress.IPv6Any, 0);
    private Socket? _socket;
    private int _multicastInterface = -1;

    public int ReceiveBufferBytes { get; private set; }

    public void Open()
    {
        var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.DualMode = false;
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
            // Babel is link-local only: hop limit 1 both ways (babeld and BIRD do the same).
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IpTimeToLive, 1);
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 1);
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, false);
            TrySetRaw(socket, IpProtoIpv6, Ipv6TrafficClass, TrafficClassCs6);
            ReceiveBufferBytes = SizeReceiveBuffer(socket, options.Value.ReceiveBufferBytes);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, _port));
            _socket = socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Log.SocketBound(logger, _port, ReceiveBufferBytes, options.Value.ReceiveBufferBytes);
    }

    /// <summary>
    /// SO_RCVBUF is capped by net.core.rmem_max; SO_RCVBUFFORCE (CAP_NET_ADMIN) is not. The kernel doubles the
    /// value for its bookkeeping and reports the doubled figure, which is what we log.
    /// </summary>
    private static int SizeReceiveBuffer(Socket socket, int wanted)
    {
        if (!TrySetRaw(socket, SolSocket, SoRcvBufForce, wanted))
            socket.ReceiveBufferSize = wanted;
        return socket.ReceiveBufferSize;
    }

    private static bool TrySetRaw(Socket socket, int level, int name, int value)
    {
        try
        {
            socket.SetRawSocketOption(level, name, BitConverter.GetBytes(value));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void JoinMulticast(ResolvedInterface iface)
    {
        try
        {
            Socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(MulticastGroup, iface.Index));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // Already a member (the interface came back with the same index).
        }
    }

    public async ValueTask SendAsync(ResolvedInterface iface, IPAddress destination, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var socket = Socket;
        if (destination.IsIPv6Multicast && _multicastInterface != iface.Index)
        {
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, iface.Index);
            _multicastInterface = iface.Index;
        }
        await socket.SendToAsync(payload, SocketFlags.None, EndPoint(iface.Index, destination), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TransportDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await Socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, _anyEndPoint, cancellationToken).ConfigureAwait(false);
        var source = ((IPEndPoint)result.RemoteEndPoint).Address;
        if (source.ScopeId != 0)
        {
            Span<byte> bytes = stackalloc byte[16];
            source.TryWriteBytes(bytes, out _);
            source = new IPAddress(bytes);
        }
        return new TransportDatagram(result.ReceivedBytes, source, result.PacketInformation.Interface);
    }

    /// <summary>Link-local and ff02:: destinations need the interface as scope id. Only the engine loop sends, so no lock.</summary>
    private IPEndPoint EndPoint(int index, IPAddress destination)
    {
        if (_endpoints.TryGetValue((index, destination), out var endPoint))
            return endPoint;
        if (_endpoints.Count >= 4096)
            _endpoints.Clear();
        Span<byte> bytes = stackalloc byte[16];
        destination.TryWriteBytes(bytes, out _);
        endPoint = new IPEndPoint(new IPAddress(bytes, index), _port);
        _endpoints[(index, destination)] = endPoint;
        return endPoint;
    }

    /// <summary>For tests that read socket options back.</summary>
    internal Socket? OpenSocket => _socket;

    private Socket Socket => _socket ?? throw new InvalidOperationException("The Babel socket is not open.");

    public void Dispose() => _socket?.Dispose();
}
