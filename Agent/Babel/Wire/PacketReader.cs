using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// Walks the TLVs of one Babel packet (RFC 8966 §4.2), body then trailer, carrying the parser state of §4.5.
/// Malformed or unknown TLVs are skipped and counted in <see cref="DecodeCounters"/>; a framing error ends the walk.
/// Never throws on any input.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Magic     |    Version    |        Body length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Packet Body...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
/// |          Packet Trailer...
/// </code>
/// The trailer holds padding (and RFC 8967 MAC TLVs, not implemented): it is walked for framing but nothing in it is
/// decoded. Pad1 is accepted in both.
/// </summary>
public ref struct PacketReader
{
    public const byte Magic = 42;
    public const byte Version = 2;

    public const int HeaderLength =
        sizeof(byte) +     // Magic
        sizeof(byte) +     // Version
        sizeof(ushort);    // Body length

    private readonly ReadOnlySpan<byte> _body;
    private readonly ReadOnlySpan<byte> _trailer;
    private readonly DecodeCounters _counters;
    private readonly IPAddress _source;
    private ParserState _state;
    private int _position;
    private bool _inTrailer;
    private bool _finished;

    private PacketReader(ReadOnlySpan<byte> body, ReadOnlySpan<byte> trailer, IPAddress source, DecodeCounters counters)
    {
        _body = body;
        _trailer = trailer;
        _counters = counters;
        _source = source;
        _state = ParserState.Fresh(source);
    }

    /// <summary>Checks magic, version and body length. <paramref name="source"/> is the packet's source address (default IPv6 next hop).</summary>
    public static bool TryOpen(ReadOnlySpan<byte> datagram, IPAddress source, DecodeCounters counters, out PacketReader reader, out PacketRejectReason reason)
    {
        reader = default;
        reason = datagram.Length < HeaderLength ? PacketRejectReason.TooShort
            : datagram[0] != Magic ? PacketRejectReason.BadMagic
            : datagram[1] != Version ? PacketRejectReason.BadVersion
            : HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) > datagram.Length ? PacketRejectReason.BodyLengthOverrun
            : PacketRejectReason.None;
        if (reason != PacketRejectReason.None)
        {
            counters.CountRejectedPacket(reason);
            return false;
        }
        var bodyEnd = HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        reader = new PacketReader(datagram[HeaderLength..bodyEnd], datagram[bodyEnd..], source, counters);
        counters.PacketsAccepted++;
        return true;
    }

    /// <summary>The parser state as the TLVs read so far left it.</summary>
    public readonly ParserState State => _state;

    /// <summary>Next decoded TLV, or false at the end of the packet (or at a framing error, which is counted).</summary>
    public bool TryReadNext([NotNullWhen(true)] out Tlv? tlv)
    {
        tlv = null;
        if (_finished)
            return false;
        while (true)
        {
            var region = _inTrailer ? _trailer : _body;
            if (_position >= region.Length)
            {
                if (_inTrailer)
                    break;
                _inTrailer = true;
                _position = 0;
                continue;
            }
            var type = region[_position];
            if (type == TlvType.Pad1)
            {
                _position += Pad1Tlv.Length;
                continue;
            }
            if (_position + TlvType.HeaderLength > region.Length ||
                _position + TlvType.HeaderLength + region[_position + 1] > region.Length)
            {
                // RFC 8966 §4.3: a TLV running past the end makes the rest of the packet unreadable.
                _counters.FramingErrors++;
                break;
            }
            var body = region.Slice(_position + TlvType.HeaderLength, region[_position + 1]);
            _position += TlvType.HeaderLength + body.Length;
            if (!_inTrailer && TryDecode(type, body, out tlv))
            {
                _counters.TlvsDecoded++;
                return true;
            }
        }
        _finished = true;
        return false;
    }

    private bool TryDecode(byte type, ReadOnlySpan<byte> body, [NotNullWhen(true)] out Tlv? tlv)
    {
        tlv = null;
        TlvDropReason reason;
        switch (type)
        {
            case TlvType.Update:
                if (UpdateTlv.TryRead(body, ref _state, out tlv, out reason))
                    return true;
                break;
            case TlvType.PadN:
                return false;
            case TlvType.RouterId:
                // A Router-Id that cannot be read leaves no router-id, so later finite Updates are not misattributed (as babeld).
                RouterIdTlv.TryRead(body, out var routerId, out reason);
                _state.RouterId = reason is TlvDropReason.None or TlvDropReason.UnknownMandatorySubTlv ? routerId : null;
                if (reason == TlvDropReason.None)
                    return false;
                break;
            case TlvType.NextHop:
                NextHopTlv.TryRead(body, out var nextHop, out reason);
                if (nextHop is null)
                {
                    // A Next Hop that cannot be read resets both families to their defaults (as babeld does).
                    var fresh = ParserState.Fresh(_source);
                    _state.NextHopIPv4 = fresh.NextHopIPv4;
                    _state.NextHopIPv6 = fresh.NextHopIPv6;
                }
                else if (nextHop.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    _state.NextHopIPv4 = nextHop;
                }
                else
                {
                    _state.NextHopIPv6 = nextHop;
                }
                if (reason == TlvDropReason.None)
                    return false;
                break;
            case TlvType.Hello:
                if (HelloTlv.TryRead(body, out var hello, out reason))
                {
                    tlv = hello;
                    return true;
                }
                break;
            case TlvType.Ihu:
                if (IhuTlv.TryRead(body, out var ihu, out reason))
                {
                    tlv = ihu;
                    return true;
                }
                break;
            case TlvType.AckRequest:
                if (AckRequestTlv.TryRead(body, out var ackRequest, out reason))
                {
                    tlv = ackRequest;
                    return true;
                }
                break;
            case TlvType.Ack:
                if (AckTlv.TryRead(body, out var ack, out reason))
                {
                    tlv = ack;
                    return true;
                }
                break;
            case TlvType.RouteRequest:
                if (RouteRequestTlv.TryRead(body, out var routeRequest, out reason))
                {
                    tlv = routeRequest;
                    return true;
                }
                break;
            case TlvType.SeqnoRequest:
                if (SeqnoRequestTlv.TryRead(body, out var seqnoRequest, out reason))
                {
                    tlv = seqnoRequest;
                    return true;
                }
                break;
            default:
                reason = TlvDropReason.UnknownType;
                break;
        }
        _counters.CountDroppedTlv(reason);
        return false;
    }
}
