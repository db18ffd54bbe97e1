using System.Net;
using Babelwire.Agent.Babel.Wire;

namespace Babelwire.Agent.Babel.Tests.Wire;

/// <summary>Helpers shared by the codec tests: decode a datagram into records, build one from hex.</summary>
internal static class Packets
{
    public static readonly IPAddress Source = IPAddress.Parse("fe80::99");

    public static List<Tlv> Decode(ReadOnlySpan<byte> datagram, DecodeCounters? counters = null, IPAddress? source = null)
    {
        counters ??= new DecodeCounters();
        var tlvs = new List<Tlv>();
        if (!PacketReader.TryOpen(datagram, source ?? Source, counters, out var reader, out _))
            return tlvs;
        for (var i = 0; i < 100_000 && reader.TryReadNext(out var tlv); i++)
            tlvs.Add(tlv);
        return tlvs;
    }

    /// <summary>A whole datagram: Babel header with the right body length, then <paramref name="bodyHex"/>, then <paramref name="trailerHex"/>.</summary>
    public static byte[] Datagram(string bodyHex, string trailerHex = "")
    {
        var body = Hex(bodyHex);
        var trailer = Hex(trailerHex);
        return [42, 2, (byte)(body.Length >> 8), (byte)body.Length, .. body, .. trailer];
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    public static IPNetwork Net(string cidr) => IPNetwork.Parse(cidr);

    public static IPAddress Ip(string address) => IPAddress.Parse(address);
}
