using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Netlink;

/// <summary>
/// Brings a link to a <see cref="LinkConfig"/> over rtnetlink, in this order: look the index up by name; set the MTU
/// and IPv6 addr_gen_mode none in one request, before the link is up, so the kernel never adds a link-local of its
/// own; add the wanted addresses (tagged IFA_PROTO = <see cref="NetlinkRouteTable.Protocol"/>, IPv6 without DAD);
/// remove unwanted addresses by the rule of <see cref="AddressDiff"/>; bring the link up. Each step is skipped when
/// the kernel already has it, so a second call with the same config sends only the reads.
/// </summary>
public sealed class NetlinkLinkConfigurator : ILinkConfigurator, IDisposable
{
    private readonly ILogger _logger;
    private readonly string? _networkNamespacePath;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NetlinkSocket? _socket;

    /// <param name="networkNamespacePath">Null for this process's namespace, or e.g. <c>/var/run/netns/NAME</c>.</param>
    public NetlinkLinkConfigurator(ILogger<NetlinkLinkConfigurator> logger, string? networkNamespacePath = null)
    {
        _logger = logger;
        _networkNamespacePath = networkNamespacePath;
    }

    public async Task<int> ConfigureAsync(LinkConfig desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var socket = _socket ??= NetlinkSocket.Open(_logger, _networkNamespacePath);
            var link = await ReadLinkAsync(socket, desired.Name, cancellationToken);
            var index = link.Index;

            int? mtu = link.Mtu == desired.Mtu ? null : desired.Mtu;
            byte? mode = desired.DisableAddressGeneration && link.AddressGenerationMode != Rtnl.In6AddrGenModeNone ? Rtnl.In6AddrGenModeNone : null;
            if (mtu is not null || mode is not null)
            {
                await ExecuteAsync(socket, $"set {desired.Name} mtu {desired.Mtu}{(mode is null ? "" : " addrgenmode none")}",
                    w => LinkMessage.WriteSet(w, socket.NextSequence(), index, mtu, mode, up: null), cancellationToken);
            }

            var present = await ReadAddressesAsync(socket, index, cancellationToken);
            var (add, remove) = AddressDiff.Compute(present, desired, NetlinkRouteTable.Protocol);
            foreach (var address in add)
            {
                await ExecuteAsync(socket, $"add address {address.Address}/{address.PrefixLength} to {desired.Name}",
                    w => AddressMessage.WriteNew(w, socket.NextSequence(), index, address, NetlinkRouteTable.Protocol), cancellationToken);
            }

            foreach (var address in remove)
            {
                await ExecuteAsync(socket, $"remove address {address.Address}/{address.PrefixLength} from {desired.Name}",
                    w => AddressMessage.WriteDelete(w, socket.NextSequence(), index, address.AsInterfaceAddress), cancellationToken);
                Log.LinkAddressRemoved(_logger, address.Address, address.PrefixLength, desired.Name);
            }

            if (!link.Up)
            {
                await ExecuteAsync(socket, $"set {desired.Name} up",
                    w => LinkMessage.WriteSet(w, socket.NextSequence(), index, mtu: null, addressGenerationMode: null, up: true), cancellationToken);
            }

            Log.LinkConfigured(_logger, desired.Name, index, desired.Mtu, add.Count, remove.Count);
            return index;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _gate.Dispose();
    }

    private static async Task<LinkState> ReadLinkAsync(NetlinkSocket socket, string name, CancellationToken cancellationToken)
    {
        var request = new NetlinkWriter(64);
        LinkMessage.WriteGetByName(request, socket.NextSequence(), name);
        LinkState? found = null;
        await socket.RequestAsync(request, $"find link {name}", (in NetlinkMessage message) =>
        {
            if (message.Header.Type == Rtnl.RtmNewLink && LinkMessage.TryRead(message.Payload, out var link))
            {
                found = link;
            }
        }, cancellationToken);
        return found ?? throw new NetlinkException($"find link {name}", Errno.NoDevice, "no link in the reply");
    }

    private static async Task<List<LinkAddress>> ReadAddressesAsync(NetlinkSocket socket, int index, CancellationToken cancellationToken)
    {
        const int MaxAttempts = 5;
        var addresses = new List<LinkAddress>();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            addresses.Clear();
            var request = new NetlinkWriter(64);
            AddressMessage.WriteDump(request, socket.NextSequence(), index);
            var consistent = await socket.RequestAsync(request, $"dump addresses of link {index}", (in NetlinkMessage message) =>
            {
                if (message.Header.Type == Rtnl.RtmNewAddr && AddressMessage.TryRead(message.Payload, index, out var address))
                {
                    addresses.Add(address);
                }
            }, cancellationToken);
            if (consistent)
            {
                break;
            }
        }

        return addresses;
    }

    private static async Task ExecuteAsync(NetlinkSocket socket, string operation, Action<NetlinkWriter> write, CancellationToken cancellationToken)
    {
        var request = new NetlinkWriter(128);
        write(request);
        var ack = (await socket.ExecuteAsync(request, cancellationToken))[0];
        if (!ack.Succeeded)
        {
            throw new NetlinkException(operation, ack.Errno, ack.KernelMessage);
        }
    }
}
