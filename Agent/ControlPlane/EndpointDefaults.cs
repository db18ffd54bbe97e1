using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Babelwire.Agent.Configuration;

namespace Babelwire.Agent.ControlPlane;

/// <summary>The endpoints the agent advertises: <c>controller.endpoints</c> when given, else every global address of
/// this host (up, not loopback, not the WireGuard interface itself) with <c>wireguard.listenPort</c>, when that is set.</summary>
public static class EndpointDefaults
{
    public static IReadOnlyList<string> Resolve(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Controller?.Endpoints is { } configured)
            return configured;
        if (options.WireGuard is not { ListenPort: { } port } wg)
            return [];
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces()
                .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback && i.Name != wg.Interface)
                .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(u => u.Address))
                .Where(IsGlobal)
                .Distinct()
                .Select(a => EndpointText.Format(a, port))];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    private static bool IsGlobal(IPAddress a) => a.AddressFamily switch
    {
        AddressFamily.InterNetwork => !IPAddress.IsLoopback(a) && a.GetAddressBytes() is not [169, 254, ..] and not [0, ..],
        AddressFamily.InterNetworkV6 => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal && !a.IsIPv6Multicast && !a.IsIPv6SiteLocal && !a.Equals(IPAddress.IPv6None),
        _ => false,
    };
}
