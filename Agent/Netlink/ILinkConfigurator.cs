using System.Net;

namespace Babelwire.Agent.Netlink;

// Implemented over rtnetlink and by the recording in-memory fake.
/// <summary>Brings an interface to a desired configuration: MTU, addresses, IPv6 address generation off, up.</summary>
public interface ILinkConfigurator
{
    /// <summary>Returns the interface index.</summary>
    Task<int> ConfigureAsync(LinkConfig desired, CancellationToken cancellationToken);
}

/// <param name="Addresses">Every address the interface must have (others of ours are removed); host bits allowed.</param>
/// <param name="DisableAddressGeneration">Sets addr_gen_mode to none so the kernel adds no link-local of its own.</param>
public sealed record LinkConfig(string Name, int Mtu, IReadOnlyList<InterfaceAddress> Addresses, bool DisableAddressGeneration = true);

public sealed record InterfaceAddress(IPAddress Address, int PrefixLength);
