namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.5 Hello (type 4): flags 2 (U = 0x8000), seqno 2, interval 2 (cs; zero = unscheduled).
/// <paramref name="Timestamp"/> is the RFC 9616 Timestamp sub-TLV (type 3, 4 octets): the sender's 32-bit µs clock.
/// </summary>
public sealed record Hello(bool IsUnicast, SeqNo Seqno, TimeSpan Interval, uint? Timestamp = null) : Tlv;
