namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.2 PadN: N octets of padding, which the receiver ignores whatever their value.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 1    |    Length     |      MBZ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class PadNTlv
{
    /// <summary>Every body is valid: padding carries nothing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out int padding)
    {
        padding = body.Length;
        return true;
    }

    /// <summary>Writes a PadN whose total size (header included) is <paramref name="totalLength"/>, 2 to 257 octets.</summary>
    public static bool TryWrite(Span<byte> destination, int totalLength, out int written)
    {
        written = 0;
        var bodyLength = totalLength - TlvType.HeaderLength;
        if (bodyLength is < 0 or > TlvType.MaxBodyLength || destination.Length < totalLength)
            return false;
        TlvType.WriteHeader(destination, TlvType.PadN, bodyLength);
        destination.Slice(TlvType.HeaderLength, bodyLength).Clear();
        written = totalLength;
        return true;
    }
}
