using System.Runtime.InteropServices;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// A UAPI transaction the implementation refused (<c>errno=N</c> with N ≠ 0), or whose reply could not be read.
/// wireguard-go reports negative errno values (<c>errno=-22</c>); <see cref="Errno"/> is the positive number.
/// </summary>
public sealed class UapiException : Exception
{
    public UapiException(string interfaceName, string operation, int errno)
        : base($"WireGuard interface {interfaceName} refused the UAPI {operation}: errno {errno} ({Describe(errno)})")
    {
        InterfaceName = interfaceName;
        Operation = operation;
        Errno = errno;
    }

    public UapiException(string interfaceName, string operation, string problem, Exception? inner = null)
        : base($"UAPI {operation} on WireGuard interface {interfaceName} failed: {problem}", inner)
    {
        InterfaceName = interfaceName;
        Operation = operation;
    }

    public string InterfaceName { get; }

    /// <summary><c>get</c> or <c>set</c>.</summary>
    public string Operation { get; }

    /// <summary>The positive errno the implementation returned, or null if the reply was missing or malformed.</summary>
    public int? Errno { get; }

    private static string Describe(int errno) => errno switch
    {
        // wireguard-go's ipc.IpcError* codes, which is what they mean on the UAPI.
        5 => "EIO: input/output error",
        22 => "EINVAL: a key, value or line the implementation does not accept",
        71 => "EPROTO: protocol error (a line before any public_key, or an unknown key)",
        98 => "EADDRINUSE: the listen port is already in use",
        55 => "unknown error inside the implementation",
        _ => Marshal.GetPInvokeErrorMessage(errno),
    };
}
