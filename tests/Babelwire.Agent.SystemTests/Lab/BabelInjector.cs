using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Babelwire.Agent.Babel;
using Babelwire.Agent.Babel.Wire;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// Hostile input for a Babel speaker: well-formed datagrams that claim a neighbourship and announce a prefix, and
/// garbage, sent from a chosen source address inside a lab namespace (<see cref="NamespaceSockets"/>).
/// </summary>
public static class BabelInjector
{
    public const int BabelPort = 6696;

    /// <summary>
    /// A datagram that would make the receiver a neighbour and route <paramref name="prefix"/> through the sender if
    /// it were believed: a unicast Hello, an IHU for <paramref name="receiver"/> at the best cost, and an Update at
    /// metric 0 under <paramref name="routerId"/>.
    /// </summary>
    public static byte[] ForgedNeighbourAndRoute(IPAddress receiver, string prefix, RouterId routerId, ushort seqno = 1)
    {
        var interval = TimeSpan.FromMilliseconds(250);
        Tlv[] tlvs =
        [
            new Hello(IsUnicast: true, new SeqNo(seqno), interval),
            new Ihu(RxCost: 96, interval, receiver),
            new Update(IPNetwork.Parse(prefix), routerId, new SeqNo(seqno), Metric: 0, interval * 4),
        ];
        return PacketWriter.Pack(tlvs, 1280).Single();
    }

    /// <summary>A datagram with only an Update at metric 0: believed from a live neighbour's address, ignored from anyone else.</summary>
    public static byte[] ForgedRoute(string prefix, RouterId routerId, ushort seqno = 1) =>
        PacketWriter.Pack([new Update(IPNetwork.Parse(prefix), routerId, new SeqNo(seqno), Metric: 0, TimeSpan.FromSeconds(1))], 1280).Single();

    /// <summary>Datagrams that are not Babel, or broken Babel: random octets, a wrong magic, a wrong version, a body length past the end, a lone header, an empty datagram.</summary>
    public static IEnumerable<byte[]> Garbage(Random random)
    {
        for (var i = 0; i < 8; i++)
        {
            var noise = new byte[random.Next(1, 1200)];
            random.NextBytes(noise);
            yield return noise;
        }

        var valid = ForgedNeighbourAndRoute(IPAddress.Parse("fe80::1"), "2001:db8:dead::/48", new RouterId(0x0200_5eff_fe00_dead));
        yield return [0x2b, .. valid[1..]];                           // magic 43, not 42
        yield return [valid[0], 0x01, .. valid[2..]];                 // version 1
        yield return [valid[0], valid[1], 0xff, 0xff, .. valid[4..]]; // body length 65535, past the datagram
        yield return valid[..4];                                      // header only, claiming a body
        yield return valid[..(valid.Length / 2)];                     // cut mid-TLV
        yield return [];
        var mutated = valid.ToArray();
        for (var i = 0; i < 16; i++)
        {
            mutated[random.Next(4, mutated.Length)] = (byte)random.Next(256);
        }

        yield return mutated;
    }

    /// <summary>Sends <paramref name="datagrams"/> from <paramref name="source"/> (port 6696, or any) inside <paramref name="ns"/>.</summary>
    public static async Task SendAsync(
        NetNamespace ns, IPEndPoint source, IPEndPoint destination, IEnumerable<byte[]> datagrams, CancellationToken cancellationToken)
    {
        using var socket = NamespaceSockets.Create(ns, destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (destination.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = false;
        }

        socket.Bind(source);
        foreach (var datagram in datagrams)
        {
            await socket.SendToAsync(datagram, destination, cancellationToken);
        }
    }

    /// <summary>An interface's index inside its namespace, for the scope of a link-local address.</summary>
    public static async Task<int> InterfaceIndexAsync(NetNamespace ns, string interfaceName, CancellationToken cancellationToken)
    {
        var result = await NetworkLab.ExecCheckedAsync(ns, "ip", ["-j", "link", "show", "dev", interfaceName], cancellationToken);
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement[0].GetProperty("ifindex").GetInt32();
    }

    /// <summary><paramref name="address"/> scoped to <paramref name="interfaceName"/> in <paramref name="ns"/> when it is link-local.</summary>
    public static async Task<IPAddress> ScopedAsync(NetNamespace ns, string interfaceName, IPAddress address, CancellationToken cancellationToken)
    {
        if (!address.IsIPv6LinkLocal)
        {
            return address;
        }

        return new IPAddress(address.GetAddressBytes(), await InterfaceIndexAsync(ns, interfaceName, cancellationToken));
    }
}
