using System.Net;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>RFC 8966 §4.6.11 Seqno Request (type 10): AE 1, plen 1, seqno 2, hop count 1 (never 0), reserved 1, router-id 8, prefix.</summary>
public sealed record SeqnoRequest(IPNetwork Prefix, SeqNo Seqno, byte HopCount, RouterId RouterId) : Tlv;
