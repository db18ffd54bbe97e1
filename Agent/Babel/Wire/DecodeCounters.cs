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

    /// <summary>
    /// Every counter under a stable metric-style name (<c>packets_rejected.bad_magic</c>, <c>tlvs_dropped.no_default_prefix</c>, …),
    /// zero or not, so an exporter can publish them without knowing the reasons.
    /// </summary>
    public IEnumerable<KeyValuePair<string, long>> All()
    {
        yield return new("packets_accepted", PacketsAccepted);
        yield return new("packets_rejected", PacketsRejected);
        yield return new("tlvs_decoded", TlvsDecoded);
        yield return new("tlvs_unknown", TlvsUnknown);
        yield return new("tlvs_malformed", TlvsMalformed);
        yield return new("tlvs_with_unknown_mandatory_sub_tlv", TlvsWithUnknownMandatorySubTlv);
        yield return new("framing_errors", FramingErrors);
        foreach (var reason in Enum.GetValues<PacketRejectReason>())
        {
            if (reason != PacketRejectReason.None)
                yield return new("packets_rejected." + SnakeCase(reason.ToString()), PacketsRejectedBy(reason));
        }
        foreach (var reason in Enum.GetValues<TlvDropReason>())
        {
            if (reason != TlvDropReason.None)
                yield return new("tlvs_dropped." + SnakeCase(reason.ToString()), TlvsDroppedBy(reason));
        }
    }

    private static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

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
