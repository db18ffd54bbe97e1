using Babelwire.Agent.Babel.Wire;
using CsCheck;

namespace Babelwire.Agent.Babel.Tests.Wire;

/// <summary>Decoding arbitrary or mutated bytes never throws (docs/code-style.md §13). Each property is bounded by its iteration count.</summary>
public sealed class FuzzTests
{
    private const int Iterations = 5_000;

    private static int DecodeAll(byte[] datagram)
    {
        var counters = new DecodeCounters();
        return Packets.Decode(datagram, counters).Count;
    }

    [Fact]
    public void Arbitrary_bytes_never_throw() =>
        Gen.Byte.Array[0, 1500].Sample(bytes => DecodeAll(bytes), iter: Iterations, threads: 1);

    // A valid header and body length over TLV-shaped noise reaches every TLV decoder, not just the header check.
    private static readonly Gen<byte[]> TlvShapedNoise =
        Gen.Select(Gen.Byte[0, 12], Gen.Byte.Array[0, 40], (type, body) => (byte[])[type, (byte)body.Length, .. body])
            .Array[0, 30]
            .Select(Gen.Byte.Array[0, 6], Gen.Bool, (tlvs, trailer, lie) =>
            {
                var body = tlvs.SelectMany(t => t).ToArray();
                var length = lie ? body.Length + trailer.Length : body.Length;
                return (byte[])[42, 2, (byte)(length >> 8), (byte)length, .. body, .. trailer];
            });

    [Fact]
    public void Tlv_shaped_noise_never_throws() =>
        TlvShapedNoise.Sample(bytes => DecodeAll(bytes), iter: Iterations, threads: 1);

    // Valid packets with a few octets overwritten, inserted or cut off.
    private static readonly Gen<byte[]> Mutated =
        TlvGenerators.AnyTlv.List[1, 40]
            .Select(tlvs => PacketWriter.Pack(tlvs, 1372)[0])
            .SelectMany(packet => Gen.Select(
                Gen.Select(Gen.Int[0, packet.Length - 1], Gen.Byte).Array[1, 8],
                Gen.Int[0, packet.Length],
                (edits, cut) =>
                {
                    var copy = (byte[])packet.Clone();
                    foreach (var (at, value) in edits)
                        copy[at] = value;
                    return copy[..Math.Max(cut, copy.Length - 16)];
                }));

    [Fact]
    public void Mutated_valid_packets_never_throw() =>
        Mutated.Sample(bytes => DecodeAll(bytes), iter: Iterations, threads: 1);

    [Fact]
    public void Mutated_packets_keep_the_body_length_honest()
    {
        // A packet whose body length now overruns the datagram is rejected as a whole, never read short.
        Mutated.Sample(bytes =>
        {
            var counters = new DecodeCounters();
            var opened = PacketReader.TryOpen(bytes, Packets.Source, counters, out _, out var reason);
            var bodyEnd = bytes.Length >= 4 ? 4 + ((bytes[2] << 8) | bytes[3]) : int.MaxValue;
            Assert.Equal(bodyEnd <= bytes.Length && bytes[0] == 42 && bytes[1] == 2, opened);
            Assert.Equal(opened, reason == PacketRejectReason.None);
        }, iter: Iterations, threads: 1);
    }
}
