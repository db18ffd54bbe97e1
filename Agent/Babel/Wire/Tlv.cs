namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// A decoded Babel TLV as the engine sees it: parser state (Router-Id, Next Hop, default prefixes) is already
/// applied, wire units are already converted (centiseconds to <see cref="TimeSpan"/>, bytes to addresses).
/// Router-Id, Next Hop, Pad1 and PadN exist only on the wire and have no type here.
/// </summary>
public abstract record Tlv;
