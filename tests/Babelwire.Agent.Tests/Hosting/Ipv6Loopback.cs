using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.Tests.Hosting;

/// <summary>The real-socket tests need ::1. Missing, that is a failure under CI=true and a skip elsewhere.</summary>
internal static class Ipv6Loopback
{
    public static void Require()
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        }
        catch (SocketException e)
        {
            var message = $"IPv6 loopback (::1) is not available ({e.SocketErrorCode}); the real-socket tests need it";
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail(message);
            Assert.Skip(message);
        }
    }
}
