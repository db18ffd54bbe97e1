using System.Net;

namespace Babelwire.Agent.Netlink;

/// <summary>
/// A recording fake of the kernel's links (tailscale's fakeOS): it keeps each link's MTU, addresses, address
/// generation mode and up flag, applies the same rules as <see cref="NetlinkLinkConfigurator"/> (only changes, the
/// removal rule of <see cref="AddressDiff"/>), and counts every operation. A link must exist first (<see cref="AddLink"/>),
/// as the WireGuard device creates it; a link left with address generation on gets a kernel link-local when brought up.
/// </summary>
public sealed class InMemoryLinkConfigurator : ILinkConfigurator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeLink> _links = [];
    private int _nextIndex = 2;

    public int ConfigureCalls { get; private set; }

    public int MtuChanges { get; private set; }

    public int AddressGenerationChanges { get; private set; }

    public int AddressesAdded { get; private set; }

    public int AddressesRemoved { get; private set; }

    public int LinksBroughtUp { get; private set; }

    /// <summary>Adds a down link with the kernel's defaults (MTU 1420, address generation on); returns its index.</summary>
    public int AddLink(string name, int mtu = 1420)
    {
        lock (_lock)
        {
            var link = new FakeLink(_nextIndex++, mtu);
            _links.Add(name, link);
            return link.Index;
        }
    }

    /// <summary>An address another tool put there (IFA_PROTO unset): the configurator must leave it alone.</summary>
    public void AddForeignAddress(string name, InterfaceAddress address)
    {
        lock (_lock)
        {
            _links[name].Addresses.Add(new LinkAddress(address.Address, address.PrefixLength, 0));
        }
    }

    public LinkSnapshot Snapshot(string name)
    {
        lock (_lock)
        {
            var link = _links[name];
            return new LinkSnapshot(link.Index, link.Mtu, link.Up, link.AddressGenerationOff, [.. link.Addresses.Select(a => a.AsInterfaceAddress)]);
        }
    }

    public Task<int> ConfigureAsync(LinkConfig desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ConfigureCalls++;
            if (!_links.TryGetValue(desired.Name, out var link))
            {
                return Task.FromException<int>(new NetlinkException($"find link {desired.Name}", Errno.NoDevice));
            }

            if (link.Mtu != desired.Mtu)
            {
                link.Mtu = desired.Mtu;
                MtuChanges++;
            }

            if (desired.DisableAddressGeneration && !link.AddressGenerationOff)
            {
                link.AddressGenerationOff = true;
                AddressGenerationChanges++;
            }

            var (add, remove) = AddressDiff.Compute(link.Addresses, desired, NetlinkRouteTable.Protocol);
            foreach (var address in add)
            {
                link.Addresses.Add(new LinkAddress(address.Address, address.PrefixLength, NetlinkRouteTable.Protocol));
                AddressesAdded++;
            }

            foreach (var address in remove)
            {
                link.Addresses.Remove(address);
                AddressesRemoved++;
            }

            if (!link.Up)
            {
                link.Up = true;
                LinksBroughtUp++;
                if (!link.AddressGenerationOff)
                {
                    // What the kernel does with addr_gen_mode eui64/random: a link-local of its own.
                    link.Addresses.Add(new LinkAddress(IPAddress.Parse($"fe80::{link.Index:x}"), 64, Rtnl.IfaProtoKernelLinkLocal));
                }
            }

            return Task.FromResult(link.Index);
        }
    }

    private sealed class FakeLink(int index, int mtu)
    {
        public int Index { get; } = index;

        public int Mtu { get; set; } = mtu;

        public bool Up { get; set; }

        public bool AddressGenerationOff { get; set; }

        public List<LinkAddress> Addresses { get; } = [];
    }
}
