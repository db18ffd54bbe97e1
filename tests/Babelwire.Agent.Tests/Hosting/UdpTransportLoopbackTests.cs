using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Tests.Hosting;

/// <summary>The real socket code over loopback only (no namespace): packet info, options, and the host's source filter.</summary>
public sealed class UdpTransportLoopbackTests
{
    private static int FreeUdpPort()
    {
        Ipv6Loopback.Require();
        using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static UdpBabelTransport Transport(int port, int receiveBuffer = 1 << 20)
        => new(Options.Create(new AgentOptions { Port = port, ReceiveBufferBytes = receiveBuffer }), NullLogger<UdpBabelTransport>.Instance);

    [Fact]
    public async Task A_datagram_arrives_with_its_source_and_the_loopback_interface_index()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreeUdpPort();
        using var transport = Transport(port);
        transport.Open();
        using var sender = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);

        await sender.SendToAsync(new byte[] { 42, 2, 0, 0 }, new IPEndPoint(IPAddress.IPv6Loopback, port), ct);
        var buffer = new byte[100];
        var datagram = await transport.ReceiveAsync(buffer, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.Equal(4, datagram.Length);
        Assert.Equal(IPAddress.IPv6Loopback, datagram.Source);
        Assert.Equal(NetworkInterface.IPv6LoopbackInterfaceIndex, datagram.InterfaceIndex);
        Assert.Equal(new byte[] { 42, 2, 0, 0 }, buffer[..4]);
    }

    [Fact]
    public void The_socket_sends_with_hop_limit_1_and_IPv6_only()
    {
        var port = FreeUdpPort();
        using var transport = Transport(port);
        transport.Open();
        var socket = transport.OpenSocket!;
        const int ipv6 = 41, unicastHops = 16, multicastHops = 18, multicastLoop = 19, v6Only = 26;

        Assert.Equal(1, Raw(socket, ipv6, unicastHops));
        Assert.Equal(1, Raw(socket, ipv6, multicastHops));
        Assert.Equal(0, Raw(socket, ipv6, multicastLoop));
        Assert.Equal(1, Raw(socket, ipv6, v6Only));
        Assert.Equal(port, ((IPEndPoint)socket.LocalEndPoint!).Port);
    }

    [Fact]
    public void The_receive_buffer_gets_the_size_asked_for_past_rmem_max_given_CAP_NET_ADMIN()
    {
        const int wanted = 8 << 20;
        using var transport = Transport(FreeUdpPort(), wanted);
        transport.Open();

        // The kernel reports twice what was set (its bookkeeping share). SO_RCVBUFFORCE needs CAP_NET_ADMIN;
        // without it SO_RCVBUF is capped at net.core.rmem_max.
        var rmemMax = int.Parse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var expected = HasNetAdmin() ? wanted : Math.Min(wanted, rmemMax);
        Assert.Equal(2 * expected, transport.ReceiveBufferBytes);
    }

    /// <summary>CAP_NET_ADMIN (bit 12) in this process's effective capabilities.</summary>
    private static bool HasNetAdmin()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (mask & (1UL << 12)) != 0;
    }

    [Fact]
    public void A_port_already_taken_fails_to_open_with_a_socket_error()
    {
        var port = FreeUdpPort();
        using var first = Transport(port);
        first.Open();
        using var second = Transport(port);

        var e = Assert.Throws<SocketException>(second.Open);
        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
    }

    [Fact]
    public async Task The_host_drops_and_counts_a_datagram_whose_source_is_not_link_local()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreeUdpPort();
        using var dir = new TempDirectory();
        // "lo" has no fe80::/64 address, so the interface stays waiting; the datagram is dropped for its source first.
        var config = TestAgent.Config("lo", "2001:db8:a::/48", $""", "port": {port} """);
        await using var agent = await TestAgent.StartAsync(dir, config, Transport(port), new SystemInterfaceResolver(), ct);
        using var sender = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);

        await sender.SendToAsync(new byte[] { 42, 2, 0, 0 }, new IPEndPoint(IPAddress.IPv6Loopback, port), ct);

        var report = await agent.WaitForAsync(r => r.Counters!["droppedNotLinkLocal"] == 1, ct, attempts: 50);
        Assert.Equal(1, report.Counters!["datagramsReceived"]);
        Assert.Equal(0, report.Counters["engine.packetsReceived"]);
        Assert.False(Assert.Single(report.Interfaces!).Up);
    }

    private static int Raw(Socket socket, int level, int name)
    {
        var value = new byte[4];
        socket.GetRawSocketOption(level, name, value);
        return BitConverter.ToInt32(value);
    }
}
