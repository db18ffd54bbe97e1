namespace Babelwire.Agent.Babel.Wire;

/// <summary>Why one TLV was skipped by the decoder. Each value has its own counter in <see cref="DecodeCounters"/>.</summary>
public enum TlvDropReason
{
    None,

    /// <summary>The body is shorter than the TLV's fixed part, its address or its prefix.</summary>
    Truncated,

    /// <summary>A TLV type this decoder does not know (RFC 8966 §4.3: silently ignored).</summary>
    UnknownType,

    /// <summary>An AE this decoder does not know (RFC 8966 §4.1.4: the TLV is ignored).</summary>
    UnknownAddressEncoding,

    /// <summary>A known AE that this TLV may not carry (AE 0 or 4 in Next Hop, AE 4 in IHU, AE 0 in Seqno Request).</summary>
    InvalidAddressEncoding,

    /// <summary>Prefix length beyond the address family's width.</summary>
    PrefixTooLong,

    /// <summary>Omitted exceeds the octets the prefix length needs.</summary>
    OmittedTooLong,

    /// <summary>Omitted &gt; 0 with no default prefix for that AE earlier in the packet (RFC 8966 §4.6.9).</summary>
    NoDefaultPrefix,

    /// <summary>AE 3 with omitted ≠ 0 (RFC 8966 §4.1.4: AE 3 is never compressed).</summary>
    CompressedLinkLocal,

    /// <summary>IHU or Update interval 0 (RFC 8966 §4.6.6, §4.6.9).</summary>
    ZeroInterval,

    /// <summary>Seqno Request hop count 0 (RFC 8966 §4.6.11).</summary>
    ZeroHopCount,

    /// <summary>Router-Id all zeros or all ones (RFC 8966 §4.6.7).</summary>
    InvalidRouterId,

    /// <summary>A finite Update before any router-id in the packet (RFC 8966 §4.6.9).</summary>
    MissingRouterId,

    /// <summary>A finite AE 1 Update with no IPv4 next hop in the packet (RFC 8966 §4.6.9).</summary>
    MissingNextHop,

    /// <summary>AE 0 Update other than a retraction with plen 0 and omitted 0, or an AE 0 request with plen ≠ 0.</summary>
    InvalidWildcard,

    /// <summary>A sub-TLV ran past the end of its TLV (RFC 8966 §4.4).</summary>
    BadSubTlv,

    /// <summary>An unknown sub-TLV of type ≥ 128 (RFC 8966 §4.4: the TLV is ignored, its parser-state effects kept).</summary>
    UnknownMandatorySubTlv,
}
