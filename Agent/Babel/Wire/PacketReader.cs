using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Babelwire.Agent.Babel.Wire;

// CONTRACT STUB (codec helper replaces the bodies; keep the public signatures).
/// <summary>
/// Walks the TLVs of one Babel packet (RFC 8966 §4.2), body then trailer, carrying the parser state of §4.5.
/// Malformed or unknown TLVs are skipped and counted in <see cref="DecodeCounters"/>; a framing error ends the walk.
/// Never throws on any input.
/// </summary>
public ref struct PacketReader
{
    /// <summary>Checks magic, version and body length. <paramref name="source"/> is the packet's source address (default IPv6 next hop).</summary>
    public static bool TryOpen(ReadOnlySpan<byte> datagram, IPAddress source, DecodeCounters counters, out PacketReader reader, out PacketRejectReason reason)
        => throw new NotImplementedException();

    /// <summary>Next decoded TLV, or false at the end of the packet (or at a framing error, which is counted).</summary>
    public bool TryReadNext([NotNullWhen(true)] out Tlv? tlv) => throw new NotImplementedException();
}
