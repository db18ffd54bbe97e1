using System.Runtime.InteropServices;

namespace Babelwire.Agent.Netlink;

/// <summary>The kernel refused a netlink request (NLMSG_ERROR with a negative errno), or the socket failed.</summary>
public sealed class NetlinkException : IOException
{
    public NetlinkException(string operation, int errno, string? kernelMessage = null)
        : base(Describe(operation, errno, kernelMessage))
    {
        Operation = operation;
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = message;
    }

    /// <summary>What was asked, e.g. <c>add route 2001:db8::/64 dev 5 metric 1024</c>.</summary>
    public string Operation { get; }

    /// <summary>The positive errno (EEXIST = 17, ENODEV = 19, EPERM = 1, …), or 0 for a socket failure.</summary>
    public int Errno { get; }

    /// <summary>The kernel's extended-ack text, when it gave one.</summary>
    public string? KernelMessage { get; }

    internal static string Describe(string operation, int errno, string? kernelMessage) =>
        $"{operation}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}){(kernelMessage is null ? "" : $": {kernelMessage}")}";
}
