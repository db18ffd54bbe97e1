namespace Babelwire.Agent.Netlink;

/// <summary>What the kernel says about a link (RTM_NEWLINK reply to RTM_GETLINK).</summary>
internal sealed record LinkState(int Index, string Name, int Mtu, bool Up, byte? AddressGenerationMode);
