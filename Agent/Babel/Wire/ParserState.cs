using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.5 parser state, carried from TLV to TLV within one packet and started fresh for every packet:
/// the current router-id, the current next hop per family, and a default prefix per AE (RFC 9229 §2: AE 1 and
/// AE 4 keep separate defaults, as babeld and BIRD do). Next-hop addresses are built once per packet (or once per
/// Next Hop TLV) and shared by every Update that uses them.
/// </summary>
public struct ParserState
{
    private ulong _defaultIPv6High;
    private ulong _defaultIPv6Low;
    private uint _defaultIPv4;
    private uint _defaultIPv4ViaIPv6;
    private DefaultPrefixes _defaults;

    [Flags]
    private enum DefaultPrefixes : byte
    {
        None = 0,
        IPv4 = 1,
        IPv6 = 2,
        IPv4ViaIPv6 = 4,
    }

    /// <summary>State at the start of a packet from <paramref name="source"/>: no router-id, no default prefix, and the
    /// source as the next hop of its own family (RFC 8966 §4.5).</summary>
    public static ParserState Fresh(IPAddress source)
    {
        var state = default(ParserState);
        if (source.AddressFamily == AddressFamily.InterNetworkV6)
            state.NextHopIPv6 = source;
        else if (source.AddressFamily == AddressFamily.InterNetwork)
            state.NextHopIPv4 = source;
        return state;
    }

    /// <summary>Set by a Router-Id TLV or an Update with the R flag; cleared by a Router-Id that cannot be read or is invalid.</summary>
    public RouterId? RouterId { get; set; }

    /// <summary>Set by an AE 1 Next Hop TLV, else the packet source if it is IPv4.</summary>
    public IPAddress? NextHopIPv4 { get; set; }

    /// <summary>Set by an AE 2 or 3 Next Hop TLV, else the packet source if it is IPv6. Used by AE 2, 3 and 4 Updates.</summary>
    public IPAddress? NextHopIPv6 { get; set; }

    /// <summary>Copies the default prefix of <paramref name="ae"/> into the start of <paramref name="destination"/>.</summary>
    public readonly bool TryGetDefaultPrefix(byte ae, Span<byte> destination)
    {
        switch (ae)
        {
            case AddressEncoding.IPv4 when (_defaults & DefaultPrefixes.IPv4) != 0:
                BinaryPrimitives.WriteUInt32BigEndian(destination, _defaultIPv4);
                return true;
            case AddressEncoding.IPv4ViaIPv6 when (_defaults & DefaultPrefixes.IPv4ViaIPv6) != 0:
                BinaryPrimitives.WriteUInt32BigEndian(destination, _defaultIPv4ViaIPv6);
                return true;
            case AddressEncoding.IPv6 when (_defaults & DefaultPrefixes.IPv6) != 0:
                BinaryPrimitives.WriteUInt64BigEndian(destination, _defaultIPv6High);
                BinaryPrimitives.WriteUInt64BigEndian(destination[sizeof(ulong)..], _defaultIPv6Low);
                return true;
            default:
                return false;
        }
    }

    /// <summary>RFC 8966 §4.6.9 P flag: <paramref name="prefix"/> (4 or 16 octets) becomes the default for <paramref name="ae"/>.</summary>
    public void SetDefaultPrefix(byte ae, ReadOnlySpan<byte> prefix)
    {
        switch (ae)
        {
            case AddressEncoding.IPv4:
                _defaultIPv4 = BinaryPrimitives.ReadUInt32BigEndian(prefix);
                _defaults |= DefaultPrefixes.IPv4;
                break;
            case AddressEncoding.IPv4ViaIPv6:
                _defaultIPv4ViaIPv6 = BinaryPrimitives.ReadUInt32BigEndian(prefix);
                _defaults |= DefaultPrefixes.IPv4ViaIPv6;
                break;
            case AddressEncoding.IPv6:
                _defaultIPv6High = BinaryPrimitives.ReadUInt64BigEndian(prefix);
                _defaultIPv6Low = BinaryPrimitives.ReadUInt64BigEndian(prefix[sizeof(ulong)..]);
                _defaults |= DefaultPrefixes.IPv6;
                break;
        }
    }

    /// <summary>A P-flag Update that fails to parse leaves no default for its AE (as babeld does).</summary>
    public void ClearDefaultPrefix(byte ae) => _defaults &= ae switch
    {
        AddressEncoding.IPv4 => ~DefaultPrefixes.IPv4,
        AddressEncoding.IPv4ViaIPv6 => ~DefaultPrefixes.IPv4ViaIPv6,
        AddressEncoding.IPv6 => ~DefaultPrefixes.IPv6,
        _ => ~DefaultPrefixes.None,
    };
}
