using System.Net;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>A veth pair between two namespaces, with each end's IPv6 link-local address.</summary>
public sealed record VethLink(
    NetNamespace NamespaceA, string InterfaceA, IPAddress LinkLocalA,
    NetNamespace NamespaceB, string InterfaceB, IPAddress LinkLocalB);
