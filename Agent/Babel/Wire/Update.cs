using System.Net;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.9 Update (type 8), resolved against the parser state.
/// A finite Update always carries a valid <paramref name="RouterId"/>; a retraction (metric 0xFFFF) may not.
/// <paramref name="NextHop"/> is the Next Hop TLV's address, or the packet source for IPv6 and AE 4, or null.
/// On writing, IPv4 prefixes go out as AE 4 (RFC 9229) unless <paramref name="NextHop"/> is an IPv4 address,
/// in which case AE 1 with an IPv4 Next Hop TLV is used; an IPv6 NextHop other than null adds a Next Hop TLV.
/// </summary>
public sealed record Update(
    IPNetwork Prefix,
    RouterId RouterId,
    SeqNo Seqno,
    ushort Metric,
    TimeSpan Interval,
    IPAddress? NextHop = null) : Tlv
{
    public const ushort Infinity = 0xFFFF;

    public bool IsRetraction => Metric == Infinity;
}
