namespace Babelwire.Agent.Babel.Tests.Simulation;

[Flags]
public enum PrefixFamilies
{
    IPv6 = 1,
    IPv4 = 2,
    Both = IPv6 | IPv4,
}
