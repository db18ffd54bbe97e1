namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.1 Pad1: a single octet with no Length field, allowed in the body and in the trailer.
/// <code>
///  0
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |   Type = 0    |
/// +-+-+-+-+-+-+-+-+
/// </code>
/// Read only: Babelwire never writes it, because babeld's trailer walker assumes every TLV has a Length octet
/// (docs/babel-notes.md §4 gotcha 2). <see cref="PadNTlv"/> pads instead.
/// </summary>
public static class Pad1Tlv
{
    public const int Length = sizeof(byte);   // Type, and nothing else

    /// <summary>True if <paramref name="source"/> starts with a Pad1.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out int consumed)
    {
        consumed = source.Length > 0 && source[0] == TlvType.Pad1 ? Length : 0;
        return consumed != 0;
    }
}
