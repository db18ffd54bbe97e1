using Babelwire.Agent.Configuration;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Babelwire.Agent.Hosting;

public static class WireGuardServiceExtensions
{
    /// <summary>
    /// The WireGuard mode: registered before the engine loop, so the interface is up and reconciled when the loop
    /// starts, and stopped after it, so the loop's last route changes (retractions) still reach the programmer.
    /// Backends, link and route table are TryAdd'ed: tests put in-memory ones first.
    /// </summary>
    public static IServiceCollection AddWireGuardServices(this IServiceCollection services)
    {
        services.TryAddSingleton<IWireGuardBackendFactory, SystemWireGuardBackendFactory>();
        services.AddNetlinkServices();
        services.TryAddSingleton<IPeerSource, StaticPeerSource>();
        services.AddSingleton<WireGuardHost>();
        services.AddSingleton<ISelectedRouteSink>(sp => sp.GetRequiredService<WireGuardHost>());
        services.AddSingleton<IStatusContributor>(sp => sp.GetRequiredService<WireGuardHost>());
        services.AddHostedService(sp => sp.GetRequiredService<WireGuardHost>());
        return services;
    }

    /// <summary>
    /// The options the host runs with: the WireGuard interface joins the interface list (kind wireguard: unicast,
    /// neighbours from its peers, RTT cost as babeld's tunnel type) and its overlay addresses join the announced
    /// prefixes. The file as written has been validated already.
    /// </summary>
    public static AgentOptions WithWireGuardInterface(this AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.WireGuard is not { } wg || options.Interfaces.Any(i => i.Name == wg.Interface))
            return options;
        options.Interfaces.Add(new InterfaceOptions
        {
            Name = wg.Interface,
            Kind = InterfaceMode.WireGuard,
            HelloInterval = wg.HelloInterval,
            UpdateInterval = wg.UpdateInterval,
            LinkCost = wg.LinkCost,
            NominalCost = wg.NominalCost,
            RttCost = wg.RttCost,
            Mtu = wg.Mtu,
        });
        foreach (var address in wg.Addresses)
            options.Announce.Add(new AnnouncedPrefixOptions { Prefix = address });
        return options;
    }
}
