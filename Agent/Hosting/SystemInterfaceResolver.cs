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
        // babeld and BIRD accept only sources in fe80::/64 (docs/babel-notes.md §2), so that is the address we must send from.
        var notReady = NotYetUsable(v6.Index);
        var candidates = properties.UnicastAddresses
            .Select(u => new System.Net.IPAddress(u.Address.GetAddressBytes()))
            .Where(a => a.AddressFamily == AddressFamily.InterNetworkV6 && AgentOptionsValidator.IsLinkLocal64(a))
            .OrderBy(a => a.ToString(), StringComparer.Ordinal)
            .ToList();
        var usable = candidates.Where(a => !notReady.Contains(a)).ToList();
        var linkLocal = usable.Count > 1 ? KernelsChoice(v6.Index, usable) : usable.FirstOrDefault();
        if (linkLocal is null)
        {
            problem = candidates.Count == 0 ? "no fe80::/64 link-local address yet" : "its link-local address is still tentative (duplicate address detection)";
            return null;
        }
        problem = "";
        return new ResolvedInterface(name, v6.Index, v6.Mtu, linkLocal);
    }

    /// <summary>
    /// With several link-locals, the one the kernel picks as our source (docs/babel-notes.md §4, gotcha 7): IHUs name the
    /// address they saw, so the engine must be told that one. A connected UDP socket shows the choice without
    /// sending anything; for fe80::/64 destinations the choice does not depend on which one.
    /// </summary>
    private static System.Net.IPAddress KernelsChoice(int index, List<System.Net.IPAddress> usable)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            Span<byte> group = stackalloc byte[16];
            UdpBabelTransport.MulticastGroup.TryWriteBytes(group, out _);
            probe.Connect(new System.Net.IPEndPoint(new System.Net.IPAddress(group, index), 6696));
            var local = ((System.Net.IPEndPoint)probe.LocalEndPoint!).Address;
            var chosen = new System.Net.IPAddress(local.GetAddressBytes());
            return usable.Contains(chosen) ? chosen : usable[0];
        }
        catch (SocketException)
        {
            return usable[0];
        }
    }

    // linux/if_addr.h: the kernel will not send from an address in these states.
    private const int IfaFlagTentative = 0x40;
    private const int IfaFlagDadFailed = 0x08;

    /// <summary>
    /// Addresses on the interface that are still tentative or failed DAD, from /proc/net/if_inet6 (NetworkInformation
    /// does not say). Sending from them fails, so the interface is not ready until one is usable.
    /// </summary>
    private static HashSet<System.Net.IPAddress> NotYetUsable(int index)
    {
        var result = new HashSet<System.Net.IPAddress>();
        const string path = "/proc/net/if_inet6";
        if (!File.Exists(path))
            return result;
        foreach (var line in File.ReadLines(path))
        {
            // "fe800000000000004cce2cfffe7a4756 02 40 20 80 va": address, ifindex, prefix length, scope, flags, name (hex).
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[0].Length != 32
                || !int.TryParse(fields[1], System.Globalization.NumberStyles.HexNumber, null, out var ifindex) || ifindex != index
                || !int.TryParse(fields[4], System.Globalization.NumberStyles.HexNumber, null, out var flags)
                || (flags & (IfaFlagTentative | IfaFlagDadFailed)) == 0)
                continue;
            result.Add(new System.Net.IPAddress(Convert.FromHexString(fields[0])));
        }
        return result;
    }
}
