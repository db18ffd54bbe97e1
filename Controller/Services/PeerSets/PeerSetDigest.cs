using System.Security.Cryptography;
using System.Text.Json;
using Babelwire.Shared.Mesh;

namespace Babelwire.Controller.Services.PeerSets;

/// <summary>
/// The content identity of a peer set: the XOR of the SHA-256 of every peer's JSON. Order does not matter, and a
/// change of one peer updates it in O(1) (XOR out the old peer, XOR in the new one). It names content for caching
/// only; it is no security boundary (the hub is authenticated).
/// </summary>
public readonly record struct PeerSetDigest(UInt128 High, UInt128 Low)
{
    public static readonly PeerSetDigest Empty = default;

    public static PeerSetDigest Of(PeerDto peer)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(peer), hash);
        return new PeerSetDigest(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(hash[..16]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(hash[16..]));
    }

    public static PeerSetDigest Of(IEnumerable<PeerDto> peers) => peers.Aggregate(Empty, (digest, peer) => digest ^ Of(peer));

    public static PeerSetDigest operator ^(PeerSetDigest a, PeerSetDigest b) => new(a.High ^ b.High, a.Low ^ b.Low);

    public override string ToString() => $"{High:x32}{Low:x32}";
}
