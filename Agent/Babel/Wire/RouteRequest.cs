using System.Net;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>RFC 8966 §4.6.10 Route Request (type 9): AE 1, plen 1, prefix. A null prefix is the wildcard (AE 0): "send me a full dump".</summary>
public sealed record RouteRequest(IPNetwork? Prefix) : Tlv;
