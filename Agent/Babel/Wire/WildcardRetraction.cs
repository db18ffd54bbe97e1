namespace Babelwire.Agent.Babel.Wire;

/// <summary>RFC 8966 §4.6.9: an Update with AE 0, plen 0 and metric infinity retracts every route the sender advertised on this interface.</summary>
public sealed record WildcardRetraction(TimeSpan Interval) : Tlv;
