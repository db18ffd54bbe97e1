using System.Net;
using Babelwire.Agent.Babel.Wire;
using CsCheck;

namespace Babelwire.Agent.Babel.Tests.Wire;

/// <summary>
/// CsCheck generators for every TLV record. Prefixes come from a small space (2001:db8::/32 with few distinct third
/// octets, 198.18.0.0/15) and router-ids and next hops from small pools, so packets share prefixes and state and the
/// writer's compression, Router-Id and Next Hop elision all get exercised.
/// </summary>
internal static class TlvGenerators
{
    public static readonly Gen<TimeSpan> NonZeroInterval =
        Gen.UShort[1, ushort.MaxValue].Select(cs => TimeSpan.FromMilliseconds(cs * 10.0));

    public static readonly Gen<TimeSpan> AnyInterval = Gen.UShort.Select(cs => TimeSpan.FromMilliseconds(cs * 10.0));

    public static readonly Gen<RouterId> ValidRouterId = Gen.Frequency(
        (3, Gen.OneOf(new RouterId(0x0102030405060708), new RouterId(0xAABBCCDDEEFF0011), new RouterId(1))),
        (1, Gen.ULong.Where(v => v is not 0 and not ulong.MaxValue).Select(v => new RouterId(v))));

    public static readonly Gen<IPNetwork> IPv6Prefix =
        Gen.Select(Gen.Int[0, 128], Gen.Byte[0, 3], Gen.Byte[0, 2], Gen.Byte.Array[13], (plen, third, fourth, rest) =>
        {
            byte[] octets = [0x20, 0x01, 0x0d, 0xb8, third, fourth, .. rest[..10]];
            return Masked(octets, plen);
        });

    public static readonly Gen<IPNetwork> IPv4Prefix =
        Gen.Select(Gen.Int[0, 32], Gen.Byte[18, 19], Gen.Byte[0, 3], Gen.Byte, (plen, second, third, fourth) =>
            Masked([198, second, third, fourth], plen));

    public static readonly Gen<IPNetwork> Prefix = Gen.OneOf(IPv6Prefix, IPv4Prefix);

    private static readonly Gen<IPAddress> LinkLocal =
        Gen.UShort[1, 4].Select(n => IPAddress.Parse($"fe80::{n:x}"));

    private static readonly Gen<IPAddress> GlobalIPv6 =
        Gen.UShort[1, 4].Select(n => IPAddress.Parse($"2001:db8:ffff::{n:x}"));

    private static readonly Gen<IPAddress> IPv4Address =
        Gen.Byte[1, 4].Select(n => new IPAddress([192, 0, 2, n]));

    private static readonly Gen<IPAddress?> IPv6NextHop = Gen.Frequency(
        (3, Gen.Const((IPAddress?)null)),
        (1, LinkLocal.Null()),
        (1, GlobalIPv6.Null()));

    private static readonly Gen<IPAddress?> IPv4NextHop = Gen.Frequency(
        (2, Gen.Const((IPAddress?)null)),
        (1, LinkLocal.Null()),
        (2, IPv4Address.Null()));

    public static readonly Gen<ushort> Metric = Gen.Frequency(
        (4, Gen.UShort[0, 0xFFFE]),
        (1, Gen.Const(Update.Infinity)));

    public static readonly Gen<Update> AnyUpdate =
        Gen.Select(Prefix, ValidRouterId, Gen.UShort, Metric, NonZeroInterval, Gen.Int, (prefix, rid, seqno, metric, interval, salt) =>
            (prefix, rid, seqno, metric, interval, salt))
        .SelectMany(t => (t.prefix.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IPv4NextHop : IPv6NextHop)
            .Select(nextHop => new Update(t.prefix, t.rid, new SeqNo(t.seqno), t.metric, t.interval, nextHop)));

    public static readonly Gen<Hello> AnyHello =
        Gen.Select(Gen.Bool, Gen.UShort, AnyInterval, Gen.UInt.Nullable(), (unicast, seqno, interval, timestamp) =>
            new Hello(unicast, new SeqNo(seqno), interval, timestamp));

    public static readonly Gen<Ihu> AnyIhu =
        Gen.Select(Gen.UShort, NonZeroInterval, Gen.OneOf(Gen.Const((IPAddress?)null), LinkLocal.Null(), GlobalIPv6.Null(), IPv4Address.Null()),
            Gen.Select(Gen.UInt, Gen.UInt, (o, r) => new IhuTimestamp(o, r)).Nullable(),
            (rxcost, interval, address, timestamp) => new Ihu(rxcost, interval, address, timestamp));

    public static readonly Gen<RouteRequest> AnyRouteRequest =
        Gen.Frequency((1, Gen.Const((IPNetwork?)null)), (4, Prefix.Select(p => (IPNetwork?)p))).Select(p => new RouteRequest(p));

    public static readonly Gen<SeqnoRequest> AnySeqnoRequest =
        Gen.Select(Prefix, Gen.UShort, Gen.Byte[1, 255], Gen.ULong, (prefix, seqno, hops, rid) =>
            new SeqnoRequest(prefix, new SeqNo(seqno), hops, new RouterId(rid)));

    public static readonly Gen<AckRequest> AnyAckRequest =
        Gen.Select(Gen.UShort, AnyInterval, (opaque, interval) => new AckRequest(opaque, interval));

    public static readonly Gen<Ack> AnyAck = Gen.UShort.Select(opaque => new Ack(opaque));

    public static readonly Gen<WildcardRetraction> AnyWildcardRetraction = NonZeroInterval.Select(i => new WildcardRetraction(i));

    public static readonly Gen<Tlv> AnyTlv = Gen.Frequency(
        (8, AnyUpdate.Select(t => (Tlv)t)),
        (1, AnyHello.Select(t => (Tlv)t)),
        (1, AnyIhu.Select(t => (Tlv)t)),
        (1, AnyRouteRequest.Select(t => (Tlv)t)),
        (1, AnySeqnoRequest.Select(t => (Tlv)t)),
        (1, AnyAckRequest.Select(t => (Tlv)t)),
        (1, AnyAck.Select(t => (Tlv)t)),
        (1, AnyWildcardRetraction.Select(t => (Tlv)t)));

    /// <summary>What the reader returns for a TLV the writer was given: an Update with no next hop gets the packet source.</summary>
    public static Tlv Decoded(Tlv written) =>
        written is Update { NextHop: null } update ? update with { NextHop = Packets.Source } : written;

    private static IPNetwork Masked(byte[] octets, int plen)
    {
        for (var i = 0; i < octets.Length; i++)
        {
            var bits = Math.Clamp(plen - (i * 8), 0, 8);
            octets[i] &= (byte)(0xFF00 >> bits);
        }
        return new IPNetwork(new IPAddress(octets), plen);
    }
}
