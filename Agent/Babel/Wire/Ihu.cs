using System.Net;

namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.6 IHU (type 5): AE 1, reserved 1, rxcost 2, interval 2 (cs), address of the receiver.
/// <paramref name="Address"/> is null for AE 0 (addressed to whoever receives it).
/// <paramref name="Timestamp"/> is the RFC 9616 Timestamp sub-TLV (type 3, 8 octets).
/// </summary>
public sealed record Ihu(ushort RxCost, TimeSpan Interval, IPAddress? Address, IhuTimestamp? Timestamp = null) : Tlv;

/// <summary>RFC 9616: the echoed origin timestamp of the neighbour's Hello, and when that Hello arrived; both 32-bit µs.</summary>
public readonly record struct IhuTimestamp(uint Origin, uint Received);
