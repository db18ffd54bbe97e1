using System.Buffers.Binary;
using Babelwire.Agent.Babel.Wire;
using CsCheck;

namespace Babelwire.Agent.Babel.Tests.Wire;

/// <summary>
/// What the writer must never put on the wire, checked on the raw octets of packed datagrams (docs/babel-notes.md §2 and §4):
/// no Pad1, at most one sub-TLV per TLV, no Router-Id repeating the current one, no trailer.
/// </summary>
public sealed class WriterShapeTests
{
    [Theory]
    [InlineData(PacketWriter.MinimumDatagramSize)]
    [InlineData(1372)]
    public void Packed_datagrams_keep_to_what_babeld_and_bird_accept(int maxDatagramSize) =>
        TlvGenerators.AnyTlv.List[0, 200].Sample(tlvs =>
        {
            foreach (var datagram in PacketWriter.Pack(tlvs, maxDatagramSize))
                AssertShape(datagram);
        }, iter: 500, threads: 1);

    private static void AssertShape(byte[] datagram)
    {
        Assert.Equal(datagram.Length - PacketReader.HeaderLength, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)));
        var body = datagram.AsSpan(PacketReader.HeaderLength);
        ulong? routerId = null;
        for (var position = 0; position < body.Length;)
        {
            var type = body[position];
            Assert.NotEqual(TlvType.Pad1, type);
            int length = body[position + 1];
            var tlv = body.Slice(position + TlvType.HeaderLength, length);
            Assert.True(SubTlvCount(type, tlv) <= 1, $"TLV type {type} carries more than one sub-TLV");
            if (type == TlvType.RouterId)
            {
                var id = BinaryPrimitives.ReadUInt64BigEndian(tlv[2..]);
                Assert.NotEqual(routerId, id);
                routerId = id;
            }
            position += TlvType.HeaderLength + length;
        }
    }

    private static int SubTlvCount(byte type, ReadOnlySpan<byte> body)
    {
        var fixedPart = type switch
        {
            TlvType.Hello => HelloTlv.BodyLength,
            TlvType.Ihu => IhuTlv.FixedBodyLength + body[0] switch { 1 => 4, 2 => 16, 3 => 8, _ => 0 },
            _ => body.Length,
        };
        var count = 0;
        for (var position = fixedPart; position < body.Length; count++)
        {
            Assert.NotEqual(SubTlvs.Pad1, body[position]);
            position += TlvType.HeaderLength + body[position + 1];
        }
        return count;
    }

    [Fact]
    public void Router_id_is_sent_once_per_run_of_updates_from_one_router()
    {
        var a = new RouterId(0xA);
        var b = new RouterId(0xB);
        var interval = TimeSpan.FromSeconds(16);
        Tlv[] updates =
        [
            new Update(Packets.Net("2001:db8:1::/48"), a, new SeqNo(1), 96, interval),
            new Update(Packets.Net("2001:db8:2::/48"), a, new SeqNo(1), 96, interval),
            new Update(Packets.Net("2001:db8:3::/48"), b, new SeqNo(1), 96, interval),
            new Update(Packets.Net("198.18.0.1/32"), b, new SeqNo(1), 96, interval),
            new Update(Packets.Net("2001:db8:4::/48"), a, new SeqNo(1), 96, interval),
        ];
        var datagram = Assert.Single(PacketWriter.Pack(updates, 1372));
        var routerIds = 0;
        var body = datagram.AsSpan(PacketReader.HeaderLength);
        for (var position = 0; position < body.Length; position += TlvType.HeaderLength + body[position + 1])
        {
            if (body[position] == TlvType.RouterId)
                routerIds++;
        }
        Assert.Equal(3, routerIds);
    }
}
