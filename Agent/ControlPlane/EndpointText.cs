using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Babelwire.Agent.ControlPlane;

/// <summary>Underlay endpoints as the controller carries them: "192.0.2.1:51820", "[2001:db8::1]:51820" or "host.example:51820".</summary>
public static class EndpointText
{
    public static bool IsValid(string text) => TrySplit(text, out _, out _);

    /// <summary>An IP literal endpoint (the only kind WireGuard takes); false for a host name or anything malformed.</summary>
    public static bool TryParseIP(string? text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (text is null || !TrySplit(text, out var host, out var port) || !IPAddress.TryParse(host, out var address))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !text.StartsWith('['))
            return false;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return false;
        endpoint = new IPEndPoint(address, port);
        return true;
    }

    public static string Format(IPAddress address, int port)
        => address.AddressFamily == AddressFamily.InterNetworkV6
            ? string.Create(CultureInfo.InvariantCulture, $"[{address}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{address}:{port}");

    private static bool TrySplit(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
                return false;
            host = text[1..close];
            portText = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                return false;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
                return false;
            host = text[..colon];
            portText = text[(colon + 1)..];
            if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
                return false;
        }
        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }
}
