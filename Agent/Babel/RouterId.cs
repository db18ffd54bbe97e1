using System.Buffers.Binary;
using System.Globalization;

namespace Babelwire.Agent.Babel;

/// <summary>An 8-octet Babel router-id (RFC 8966 §3.2.2). Never all-zeros or all-ones on the wire.</summary>
public readonly record struct RouterId(ulong Value)
{
    public const int Size = sizeof(ulong);

    public bool IsValid => Value is not 0 and not ulong.MaxValue;

    public static RouterId Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt64BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    /// <summary>Formats as babeld does: eight colon-separated hex octets.</summary>
    public override string ToString()
    {
        Span<byte> b = stackalloc byte[Size];
        Write(b);
        return string.Join(':', b.ToArray().Select(x => x.ToString("x2", CultureInfo.InvariantCulture)));
    }

    public static bool TryParse(string text, out RouterId id)
    {
        id = default;
        var parts = text.Split(':');
        if (parts.Length != Size)
            return false;
        ulong v = 0;
        foreach (var p in parts)
        {
            if (!byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var octet))
                return false;
            v = (v << 8) | octet;
        }
        id = new RouterId(v);
        return true;
    }
}
