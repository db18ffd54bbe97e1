using System.Buffers.Binary;

namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>
/// A minimal, independent TLV walker (RFC 8966 §4.2, §4.3) so the simulator can see what routers send
/// without trusting the codec under test.
/// </summary>
public static class PacketPeek
{
    private const byte Magic = 42;
    private const byte Version = 2;
    private const int HeaderLength = sizeof(byte) + sizeof(byte) + sizeof(ushort);
    private const byte Pad1 = 0;
    private const byte SeqnoRequestType = 10;

    private const int SeqnoRequestMinLength =
        sizeof(byte) +    // AE
        sizeof(byte) +    // Plen
        sizeof(ushort) +  // Seqno
        sizeof(byte) +    // Hop count
        sizeof(byte) +    // Reserved
        RouterId.Size;    // Router-id

    public static bool IsWellFramed(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && datagram[0] == Magic && datagram[1] == Version
        && HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) <= datagram.Length;

    public static IEnumerable<(RouterId RouterId, SeqNo Seqno, byte HopCount)> SeqnoRequests(byte[] datagram)
    {
        if (!IsWellFramed(datagram))
            yield break;
        var end = HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2));
        var at = HeaderLength;
        while (at < end)
        {
            var type = datagram[at];
            if (type == Pad1)
            {
                at++;
                continue;
            }
            if (at + 2 > end)
                yield break;
            var length = datagram[at + 1];
            var body = at + 2;
            if (body + length > end)
                yield break;
            if (type == SeqnoRequestType && length >= SeqnoRequestMinLength)
            {
                var seqno = new SeqNo(BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(body + 2)));
                var hops = datagram[body + 4];
                var id = RouterId.Read(datagram.AsSpan(body + 6));
                yield return (id, seqno, hops);
            }
            at = body + length;
        }
    }
}
