using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// Builds one Babel datagram at a time (RFC 8966 §4.2): header reserved first, TLVs appended with the parser-state
/// TLVs they need (Router-Id only when it changes, Next Hop when needed, prefix compression with the P flag),
/// body length filled in last. <see cref="TryWrite"/> returns false when the TLV does not fit; the caller then
/// calls <see cref="Flush"/> and writes it into the next datagram. Never emits Pad1 (babeld's trailer walker
/// mis-parses it) and at most one sub-TLV per TLV (Debian babeld 1.12.1 bug).
/// </summary>
/// <remarks>
/// Every IPv4 and IPv6 Update carries the P flag, so the next Update of the same AE can omit the leading octets it
/// shares with it; this never relies on a default from another packet (docs/babel-notes.md §2). The R flag is not used.
/// An Update whose <see cref="Update.NextHop"/> is null means "the packet source"; once this packet has named an
/// explicit IPv6 next hop it cannot go back, so such an Update does not fit and goes into the next datagram.
/// Records that can never be sent (a finite Update without a valid router-id, an IPv4 next hop on an IPv6 prefix,
/// hop count 0) throw <see cref="ArgumentException"/>: they are bugs in the caller, not full datagrams.
/// </remarks>
public sealed class PacketWriter
{
    /// <summary>Header plus the smallest datagram receivers must accept (RFC 8966 §4).</summary>
    public const int MinimumDatagramSize = 512;

    private readonly byte[] _buffer;
    private int _length;

    // The receiver's parser state as this datagram leaves it (RFC 8966 §4.5).
    private RouterId? _routerId;
    private IPAddress? _nextHopIPv4;
    private IPAddress? _nextHopIPv6;
    private ParserState _defaults;

    public PacketWriter(int maxDatagramSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatagramSize, MinimumDatagramSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDatagramSize, PacketReader.HeaderLength + ushort.MaxValue);
        _buffer = new byte[maxDatagramSize];
        Reset();
    }

    public bool IsEmpty => _length == PacketReader.HeaderLength;

    /// <summary>Octets written so far, header included.</summary>
    public int Length => _length;

    private Span<byte> Free => _buffer.AsSpan(_length);

    public bool TryWrite(Tlv tlv)
    {
        ArgumentNullException.ThrowIfNull(tlv);
        int written;
        var fits = tlv switch
        {
            Update update => TryWriteUpdate(update, out written),
            WildcardRetraction retraction => UpdateTlv.TryWrite(Free, retraction, out written),
            Hello hello => HelloTlv.TryWrite(Free, hello, out written),
            Ihu ihu => IhuTlv.TryWrite(Free, ihu, out written),
            RouteRequest request => RouteRequestTlv.TryWrite(Free, request, out written),
            SeqnoRequest request => SeqnoRequestTlv.TryWrite(Free, request, out written),
            AckRequest request => AckRequestTlv.TryWrite(Free, request, out written),
            Ack ack => AckTlv.TryWrite(Free, ack, out written),
            _ => throw new ArgumentException($"No wire encoding for {tlv.GetType().Name}.", nameof(tlv)),
        };
        if (fits)
            _length += written;
        return fits;
    }

    private bool TryWriteUpdate(Update update, out int written)
    {
        written = 0;
        var finite = !update.IsRetraction;
        if (finite && !update.RouterId.IsValid)
            ThrowInvalidUpdate("A finite Update needs a valid router-id (RFC 8966 §4.6.9).");

        Span<byte> prefix = stackalloc byte[AddressEncoding.IPv6Length];
        var width = UpdateTlv.WritePrefixOctets(update.Prefix, prefix);
        var plen = update.Prefix.PrefixLength;
        var isIPv4 = width == AddressEncoding.IPv4Length;
        var nextHopIsIPv4 = update.NextHop?.AddressFamily == AddressFamily.InterNetwork;
        if (!isIPv4 && nextHopIsIPv4)
            ThrowInvalidUpdate("An IPv6 prefix cannot have an IPv4 next hop.");

        var ae = isIPv4 ? (nextHopIsIPv4 ? AddressEncoding.IPv4 : AddressEncoding.IPv4ViaIPv6) : AddressEncoding.IPv6;
        IPAddress? nextHopToSend = null;
        if (ae == AddressEncoding.IPv4)
        {
            if (!update.NextHop!.Equals(_nextHopIPv4))
                nextHopToSend = update.NextHop;
        }
        else if (update.NextHop is null)
        {
            if (_nextHopIPv6 is not null)
                return false;
        }
        else if (!update.NextHop.Equals(_nextHopIPv6))
        {
            nextHopToSend = update.NextHop;
        }

        var sendRouterId = update.RouterId.IsValid && _routerId != update.RouterId;
        var omitted = 0;
        Span<byte> dflt = stackalloc byte[AddressEncoding.IPv6Length];
        if (_defaults.TryGetDefaultPrefix(ae, dflt))
        {
            var octets = (plen + 7) >> 3;
            while (omitted < octets && dflt[omitted] == prefix[omitted])
                omitted++;
        }

        var needed = (sendRouterId ? TlvType.HeaderLength + RouterIdTlv.BodyLength : 0) +
            (nextHopToSend is null ? 0 : NextHopTlv.EncodedLength(nextHopToSend)) +
            UpdateTlv.EncodedLength(((plen + 7) >> 3) - omitted);
        if (needed > Free.Length)
            return false;

        var destination = Free;
        int part;
        if (sendRouterId)
        {
            RouterIdTlv.TryWrite(destination[written..], update.RouterId, out part);
            written += part;
            _routerId = update.RouterId;
        }
        if (nextHopToSend is not null)
        {
            NextHopTlv.TryWrite(destination[written..], nextHopToSend, out part);
            written += part;
            if (ae == AddressEncoding.IPv4)
                _nextHopIPv4 = nextHopToSend;
            else
                _nextHopIPv6 = nextHopToSend;
        }
        UpdateTlv.TryWrite(destination[written..], ae, UpdateTlv.PrefixFlag, plen, omitted, prefix,
            update.Interval, update.Seqno, update.Metric, out part);
        written += part;
        _defaults.SetDefaultPrefix(ae, prefix);
        return true;
    }

    [DoesNotReturn]
    private static void ThrowInvalidUpdate(string message) => throw new ArgumentException(message, "tlv");

    /// <summary>Returns the finished datagram and starts a new one with fresh parser state.</summary>
    public byte[] Flush()
    {
        _buffer[0] = PacketReader.Magic;
        _buffer[1] = PacketReader.Version;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), (ushort)(_length - PacketReader.HeaderLength));
        var datagram = _buffer.AsSpan(0, _length).ToArray();
        Reset();
        return datagram;
    }

    private void Reset()
    {
        _length = PacketReader.HeaderLength;
        _routerId = null;
        _nextHopIPv4 = null;
        _nextHopIPv6 = null;
        _defaults = default;
    }

    /// <summary>Packs TLVs in order into as few datagrams as fit.</summary>
    public static List<byte[]> Pack(IEnumerable<Tlv> tlvs, int maxDatagramSize)
    {
        ArgumentNullException.ThrowIfNull(tlvs);
        var writer = new PacketWriter(maxDatagramSize);
        var datagrams = new List<byte[]>();
        foreach (var tlv in tlvs)
        {
            if (writer.TryWrite(tlv))
                continue;
            if (writer.IsEmpty)
                throw new ArgumentException($"{tlv.GetType().Name} does not fit in an empty {maxDatagramSize}-octet datagram.", nameof(tlvs));
            datagrams.Add(writer.Flush());
            if (!writer.TryWrite(tlv))
                throw new ArgumentException($"{tlv.GetType().Name} does not fit in an empty {maxDatagramSize}-octet datagram.", nameof(tlvs));
        }
        if (!writer.IsEmpty)
            datagrams.Add(writer.Flush());
        return datagrams;
    }
}
