namespace Babelwire.Agent.Babel.Wire;

/// <summary>Why a whole datagram was rejected before any TLV was read (RFC 8966 §4.2).</summary>
public enum PacketRejectReason
{
    None,
    TooShort,
    BadMagic,
    BadVersion,
    BodyLengthOverrun,
}
