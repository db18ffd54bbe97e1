namespace Babelwire.Agent.Babel.Tests.Simulation;

public enum LinkStyle
{
    /// <summary>Each link is a Multicast interface on every member; ff02::1:6 reaches every member.</summary>
    Multicast,

    /// <summary>Each router has one UnicastOnly interface (wg0) whose neighbours are the routers it has a link to.</summary>
    WireGuard,

    /// <summary>Odd-numbered two-router links are WireGuard-style (wg0 neighbours), the rest multicast interfaces.</summary>
    Hybrid,
}
