namespace Babelwire.Agent.Netlink;

/// <summary>
/// Which addresses to add to a link and which to remove. The rule for removal: an address not wanted is removed
/// only if it is ours (IFA_PROTO = <see cref="NetlinkRouteTable.Protocol"/>, set on every address we add), or if
/// it is the link-local the kernel generated itself (IFA_PROTO = kernel_ll) while address generation is to be off.
/// Addresses other tools added are never removed.
/// </summary>
internal static class AddressDiff
{
    public static (IReadOnlyList<InterfaceAddress> Add, IReadOnlyList<LinkAddress> Remove) Compute(
        IReadOnlyCollection<LinkAddress> present, LinkConfig desired, byte protocol)
    {
        var wanted = desired.Addresses.ToHashSet();
        var have = present.Select(a => a.AsInterfaceAddress).ToHashSet();
        var add = desired.Addresses.Distinct().Where(a => !have.Contains(a)).ToList();
        var remove = present
            .Where(a => !wanted.Contains(a.AsInterfaceAddress))
            .Where(a => a.Protocol == protocol
                || (desired.DisableAddressGeneration && a.Protocol == Rtnl.IfaProtoKernelLinkLocal && a.Address.IsIPv6LinkLocal))
            .ToList();
        return (add, remove);
    }
}
