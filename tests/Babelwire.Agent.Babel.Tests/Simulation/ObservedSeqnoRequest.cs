namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>A Seqno Request seen on the wire (RFC 8966 §4.6.11).</summary>
public sealed record ObservedSeqnoRequest(TimeSpan At, int From, System.Net.IPAddress To, RouterId RouterId, SeqNo Seqno, byte HopCount);
