namespace Babelwire.Agent.Netlink;

/// <summary>errno values the route code tells apart.</summary>
internal static class Errno
{
    public const int NoSuchFile = 2;      // ENOENT
    public const int NoSuchProcess = 3;   // ESRCH: the kernel's "no such route"
    public const int Exists = 17;         // EEXIST
    public const int NoDevice = 19;       // ENODEV
}
