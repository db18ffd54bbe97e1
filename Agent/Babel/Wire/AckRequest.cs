namespace Babelwire.Agent.Babel.Wire;

/// <summary>RFC 8966 §4.6.3 Acknowledgment Request (type 2): reserved 2, opaque 2, interval 2 (cs).</summary>
public sealed record AckRequest(ushort Opaque, TimeSpan Interval) : Tlv;
