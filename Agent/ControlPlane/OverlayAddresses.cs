using System.Net;
using System.Net.Sockets;
using Babelwire.Shared.Enrolment;

namespace Babelwire.Agent.ControlPlane;

/// <summary>The overlay addresses an enrolment hands out, as the WireGuard interface's addresses.</summary>
public static class OverlayAddresses
{
    public static IReadOnlyList<IPNetwork> From(EnrolmentResponse enrolment)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        return [Parse(enrolment.OverlayIPv6, AddressFamily.InterNetworkV6)!.Value, Parse(enrolment.OverlayIPv4, AddressFamily.InterNetwork)!.Value];
    }

    /// <summary>Null when the answer is usable, else what is wrong with it.</summary>
    public static string? Validate(EnrolmentResponse enrolment)
    {
        if (string.IsNullOrWhiteSpace(enrolment.HubCredential))
            return "no hub credential";
        if (Parse(enrolment.OverlayIPv6, AddressFamily.InterNetworkV6) is null)
            return $"overlay IPv6 '{enrolment.OverlayIPv6}' is not a /128";
        if (Parse(enrolment.OverlayIPv4, AddressFamily.InterNetwork) is null)
            return $"overlay IPv4 '{enrolment.OverlayIPv4}' is not a /32";
        if (enrolment.Settings is null)
            return "no mesh settings";
        return null;
    }

    /// <summary>"fd12::5/128" or a bare "fd12::5" as a host prefix of the right family; null otherwise.</summary>
    private static IPNetwork? Parse(string? text, AddressFamily family)
    {
        if (text is null)
            return null;
        var host = family == AddressFamily.InterNetwork ? 32 : 128;
        if (IPAddress.TryParse(text, out var bare))
            return bare.AddressFamily == family ? new IPNetwork(bare, host) : null;
        return IPNetwork.TryParse(text, out var n) && n.BaseAddress.AddressFamily == family && n.PrefixLength == host ? n : null;
    }
}
