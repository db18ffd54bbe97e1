using System.Net;

namespace Babelwire.Agent.Babel;

/// <summary>A datagram the host must send from UDP port 6696 on <paramref name="Interface"/> to <paramref name="Destination"/> (unicast or ff02::1:6).</summary>
public sealed record OutgoingDatagram(string Interface, IPAddress Destination, byte[] Payload);
