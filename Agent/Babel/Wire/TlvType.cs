namespace Babelwire.Agent.Babel.Wire;

/// <summary>TLV type codes: RFC 8966 §4.3 and §4.6 (11–15 obsolete or reserved; 16–19 are RFC 8967, not implemented).</summary>
public static class TlvType
{
    public const byte Pad1 = 0;
    public const byte PadN = 1;
    public const byte AckRequest = 2;
    public const byte Ack = 3;
    public const byte Hello = 4;
    public const byte Ihu = 5;
    public const byte RouterId = 6;
    public const byte NextHop = 7;
    public const byte Update = 8;
    public const byte RouteRequest = 9;
    public const byte SeqnoRequest = 10;

    /// <summary>Type (1) + Length (1): every TLV except Pad1 starts with these (RFC 8966 §4.3).</summary>
    public const int HeaderLength =
        sizeof(byte) +   // Type
        sizeof(byte);    // Length, excluding these two octets

    /// <summary>The Length octet limits a TLV body to 255 octets.</summary>
    public const int MaxBodyLength = byte.MaxValue;

    /// <summary>Writes Type and Length; <paramref name="bodyLength"/> must be at most <see cref="MaxBodyLength"/>.</summary>
    internal static void WriteHeader(Span<byte> destination, byte type, int bodyLength)
    {
        destination[0] = type;
        destination[1] = (byte)bodyLength;
    }
}
