using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// A 32-octet WireGuard (Curve25519) key. Base64 for people and config files, hex on the UAPI. Held as four 64-bit
/// words so that equality and hashing are those of a plain value type.
/// </summary>
public readonly record struct WireGuardKey
{
    public const int Size = 32;

    // Base64 of 32 octets: 43 characters and one '=' of padding.
    private const int Base64Length = 44;

    // Two hex digits per octet.
    private const int HexLength = Size * 2;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    /// <summary>Wraps exactly <see cref="Size"/> octets.</summary>
    public WireGuardKey(ReadOnlySpan<byte> octets)
    {
        if (octets.Length != Size)
        {
            throw new ArgumentException($"a WireGuard key is {Size} octets, not {octets.Length}", nameof(octets));
        }

        _w0 = BinaryPrimitives.ReadUInt64BigEndian(octets);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(octets[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(octets[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(octets[24..]);
    }

    /// <summary>True for the all-zero key, which WireGuard treats as "no key".</summary>
    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var octets = new byte[Size];
        CopyTo(octets);
        return octets;
    }

    /// <summary>The form people and config files use (<c>wg genkey</c>, wg-quick).</summary>
    public string ToBase64()
    {
        Span<byte> octets = stackalloc byte[Size];
        CopyTo(octets);
        return Convert.ToBase64String(octets);
    }

    /// <summary>The form the UAPI uses: 64 lowercase hex digits.</summary>
    public string ToHex()
    {
        Span<byte> octets = stackalloc byte[Size];
        CopyTo(octets);
        return Convert.ToHexStringLower(octets);
    }

    /// <summary>Base64, so that a key in a log or an exception reads as in <c>wg show</c>.</summary>
    public override string ToString() => ToBase64();

    public static WireGuardKey Parse(string base64) =>
        TryParse(base64, out var key)
            ? key
            : throw new FormatException($"not a WireGuard key (44 characters of base64 for 32 octets): '{Truncate(base64)}'");

    public static bool TryParse([NotNullWhen(true)] string? base64, out WireGuardKey key)
    {
        key = default;
        var text = base64.AsSpan().Trim();
        Span<byte> octets = stackalloc byte[Size + 3];
        if (text.Length != Base64Length
            || !Convert.TryFromBase64Chars(text, octets, out var written)
            || written != Size)
        {
            return false;
        }

        key = new WireGuardKey(octets[..Size]);
        return true;
    }

    public static WireGuardKey ParseHex(ReadOnlySpan<char> hex) =>
        TryParseHex(hex, out var key)
            ? key
            : throw new FormatException($"not a WireGuard key (64 hex digits): '{Truncate(hex.ToString())}'");

    public static bool TryParseHex(ReadOnlySpan<char> hex, out WireGuardKey key)
    {
        key = default;
        Span<byte> octets = stackalloc byte[Size];
        if (hex.Length != HexLength
            || Convert.FromHexString(hex, octets, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != Size)
        {
            return false;
        }

        key = new WireGuardKey(octets);
        return true;
    }

    /// <summary>A new private key from the system's CSPRNG, clamped as <c>wg genkey</c> does (RFC 7748 §5).</summary>
    public static WireGuardKey GeneratePrivateKey()
    {
        Span<byte> octets = stackalloc byte[Size];
        RandomNumberGenerator.Fill(octets);
        octets[0] &= 248;
        octets[31] = (byte)((octets[31] & 127) | 64);
        var key = new WireGuardKey(octets);
        CryptographicOperations.ZeroMemory(octets);
        return key;
    }

    /// <summary>The X25519 public key of this private key (<c>wg pubkey</c>).</summary>
    public WireGuardKey DerivePublicKey()
    {
        Span<byte> octets = stackalloc byte[Size];
        CopyTo(octets);
        try
        {
            using var privateKey = Key.Import(KeyAgreementAlgorithm.X25519, octets, KeyBlobFormat.RawPrivateKey);
            return new WireGuardKey(privateKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(octets);
        }
    }

    private static string Truncate(string? text) =>
        text is null ? "" : text.Length <= 70 ? text : text[..70] + "…";
}
