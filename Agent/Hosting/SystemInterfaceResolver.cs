using System.Net.NetworkInformation;
using System.Net.Sockets;
using Babelwire.Agent.Configuration;

namespace Babelwire.Agent.Hosting;

/// <summary>Reads index, MTU and the fe80::/64 link-local address from System.Net.NetworkInformation.</summary>
public sealed class SystemInterfaceResolver : IInterfaceResolver
{
    public ResolvedInterface? TryResolve(string name, out string problem)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name);
        if (nic is null)
        {
            problem = "no such interface";
            return null;
        }
        if (!nic.Supports(NetworkInterfaceComponent.IPv6))
        {
            problem = "IPv6 is disabled on it";
            return null;
        }
        var properties = nic.GetIPProperties();
        var v6 = properties.GetIPv6Properties();
        // babeld and BIRD accept only sources in fe80::/64 (BABEL.md §2), so that is the address we must send from.
        var linkLocal = properties.UnicastAddresses
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetworkV6 && AgentOptionsValidator.IsLinkLocal64(a))
            .OrderBy(a => a.ToString(), StringComparer.Ordinal)
            .FirstOrDefault();
        if (linkLocal is null)
        {
            problem = "no fe80::/64 link-local address yet";
            return null;
        }
        problem = "";
        return new ResolvedInterface(name, v6.Index, v6.Mtu, new System.Net.IPAddress(linkLocal.GetAddressBytes()));
    }
}
