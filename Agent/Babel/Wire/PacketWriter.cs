namespace Babelwire.Agent.Babel.Wire;

// CONTRACT STUB (codec helper replaces the bodies; keep the public signatures).
/// <summary>
/// Builds one Babel datagram at a time (RFC 8966 §4.2): header reserved first, TLVs appended with the parser-state
/// TLVs they need (Router-Id only when it changes, Next Hop when needed, prefix compression with the P flag),
/// body length filled in last. <see cref="TryWrite"/> returns false when the TLV does not fit; the caller then
/// calls <see cref="Flush"/> and writes it into the next datagram. Never emits Pad1 (babeld's trailer walker
/// mis-parses it) and at most one sub-TLV per TLV (Debian babeld 1.12.1 bug).
/// </summary>
public sealed class PacketWriter
{
    /// <summary>Header plus the smallest datagram receivers must accept (RFC 8966 §4).</summary>
    public const int MinimumDatagramSize = 512;

    public PacketWriter(int maxDatagramSize) => throw new NotImplementedException();

    public bool IsEmpty => throw new NotImplementedException();

    public bool TryWrite(Tlv tlv) => throw new NotImplementedException();

    /// <summary>Returns the finished datagram and starts a new one with fresh parser state.</summary>
    public byte[] Flush() => throw new NotImplementedException();

    /// <summary>Packs TLVs in order into as few datagrams as fit.</summary>
    public static List<byte[]> Pack(IEnumerable<Tlv> tlvs, int maxDatagramSize) => throw new NotImplementedException();
}
