namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// What the decoder accepted, dropped and why; exported as metrics (the codec itself never logs).
/// Not thread-safe: one per engine loop.
/// </summary>
public sealed class DecodeCounters
{
    private readonly long[] _packetsRejectedBy = new long[Enum.GetValues<PacketRejectReason>().Length];
    private readonly long[] _tlvsDroppedBy = new long[Enum.GetValues<TlvDropReason>().Length];

    /// <summary>Datagrams whose header was valid and whose TLVs were walked.</summary>
    public long PacketsAccepted { get; set; }

    /// <summary>Datagrams dropped whole (bad header or body length); see <see cref="PacketsRejectedBy"/>.</summary>
    public long PacketsRejected { get; set; }

    /// <summary>TLVs handed to the engine (Pad1, PadN, Router-Id and Next Hop only change the parser state and are not counted).</summary>
    public long TlvsDecoded { get; set; }

    /// <summary>TLVs of an unknown type, or with an unknown AE, skipped as RFC 8966 §4.3 and §4.1.4 require.</summary>
    public long TlvsUnknown { get; set; }

    /// <summary>TLVs dropped because they break a rule of the RFC; see <see cref="TlvsDroppedBy"/>.</summary>
    public long TlvsMalformed { get; set; }

    /// <summary>TLVs ignored because they carry an unknown mandatory sub-TLV (RFC 8966 §4.4).</summary>
    public long TlvsWithUnknownMandatorySubTlv { get; set; }

    /// <summary>A TLV header or length ran past the end of the body or trailer; the rest of the packet was not read.</summary>
    public long FramingErrors { get; set; }

    /// <summary>How many datagrams were rejected for <paramref name="reason"/>.</summary>
    public long PacketsRejectedBy(PacketRejectReason reason) => _packetsRejectedBy[(int)reason];

    /// <summary>How many TLVs were dropped for <paramref name="reason"/>.</summary>
    public long TlvsDroppedBy(TlvDropReason reason) => _tlvsDroppedBy[(int)reason];

    internal void CountRejectedPacket(PacketRejectReason reason)
    {
        PacketsRejected++;
        _packetsRejectedBy[(int)reason]++;
    }

    internal void CountDroppedTlv(TlvDropReason reason)
    {
        _tlvsDroppedBy[(int)reason]++;
        switch (reason)
        {
            case TlvDropReason.UnknownType or TlvDropReason.UnknownAddressEncoding:
                TlvsUnknown++;
                break;
            case TlvDropReason.UnknownMandatorySubTlv:
                TlvsWithUnknownMandatorySubTlv++;
                break;
            default:
                TlvsMalformed++;
                break;
        }
    }
}
