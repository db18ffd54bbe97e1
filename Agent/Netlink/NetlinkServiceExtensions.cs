using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Babelwire.Agent.Netlink;

public static class NetlinkServiceExtensions
{
    /// <summary>
    /// Registers the rtnetlink kernel side: <see cref="IRouteTable"/> as <see cref="NetlinkRouteTable"/> and
    /// <see cref="ILinkConfigurator"/> as <see cref="NetlinkLinkConfigurator"/>, both in the agent's own network
    /// namespace (the container disposes their sockets). Registrations made earlier, such as the in-memory fakes
    /// in tests, win.
    /// </summary>
    public static IServiceCollection AddNetlinkServices(this IServiceCollection services)
    {
        services.TryAddSingleton<IRouteTable, NetlinkRouteTable>();
        services.TryAddSingleton<ILinkConfigurator, NetlinkLinkConfigurator>();
        return services;
    }
}
