namespace Babelwire.Agent.Babel.Wire;

/// <summary>RFC 8966 §4.6.4 Acknowledgment (type 3): opaque 2.</summary>
public sealed record Ack(ushort Opaque) : Tlv;
