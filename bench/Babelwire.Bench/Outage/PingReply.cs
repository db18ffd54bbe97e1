namespace Babelwire.Bench.Outage;

/// <summary>One echo reply: when it arrived (Unix seconds, from <c>ping -D</c>), its sequence number and TTL (hop limit).</summary>
internal readonly record struct PingReply(double Time, int Sequence, int Ttl);
