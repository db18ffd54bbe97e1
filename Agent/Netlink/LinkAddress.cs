using System.Net;

namespace Babelwire.Agent.Netlink;

/// <summary>An address on a link as the kernel reports it; <see cref="Protocol"/> is IFA_PROTO (0 when unset or on kernels before 5.18).</summary>
internal sealed record LinkAddress(IPAddress Address, int PrefixLength, byte Protocol)
{
    public InterfaceAddress AsInterfaceAddress => new(Address, PrefixLength);
}
