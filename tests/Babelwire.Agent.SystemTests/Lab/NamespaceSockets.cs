using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// Sockets that live in a lab namespace but are used from the test process: a socket belongs to the network
/// namespace its creating thread was in, so a short-lived thread enters the namespace (<c>setns</c>, which moves
/// only the calling thread), creates the socket and leaves. The test then needs no helper program inside the
/// namespace (no nc, no socat) to send UDP or move TCP data.
/// </summary>
public static class NamespaceSockets
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Creates a socket inside <paramref name="ns"/>; it stays there for its whole life.</summary>
    public static Socket Create(NetNamespace ns, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        Socket? created = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                created = CreateInside(ns, family, type, protocol);
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidOperationException or UnauthorizedAccessException)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = $"setns {ns.Name}",
        };
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"creating a socket in {ns} did not finish within 10 s");
        }

        return created ?? throw new InvalidOperationException($"could not create a socket in {ns}", failure);
    }

    private static Socket CreateInside(NetNamespace ns, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        using var home = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle($"/var/run/netns/{ns.Name}");
        Enter(target, ns.Name);
        try
        {
            return new Socket(family, type, protocol);
        }
        finally
        {
            // The thread ends right after, but it is a runtime thread until then: put it back where it was.
            Enter(home, "the test's own namespace");
        }
    }

    private static void Enter(Microsoft.Win32.SafeHandles.SafeFileHandle namespaceFile, string what)
    {
        if (SetNs(namespaceFile.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns into {what} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nsType);
}
