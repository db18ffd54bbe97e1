namespace Babelwire.Agent.Netlink;

/// <summary>One fake link's state.</summary>
public sealed record LinkSnapshot(int Index, int Mtu, bool Up, bool AddressGenerationOff, IReadOnlyList<InterfaceAddress> Addresses);
