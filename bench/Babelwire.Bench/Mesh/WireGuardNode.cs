using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Bench.Mesh;

/// <summary>
/// One host of a WireGuard-mode mesh as the bench configures it: its key pair (made here, so every host's peers can
/// be written before any agent starts), WireGuard interface name (unique on the machine: UAPI sockets are shared by
/// all namespaces), listen port and overlay addresses.
/// </summary>
internal sealed record WireGuardNode(char Name, string InterfaceName, WireGuardKey PrivateKey, int ListenPort, IPAddress OverlayV6, IPAddress OverlayV4)
{
    private static int s_counter;

    public WireGuardKey PublicKey { get; } = PrivateKey.DerivePublicKey();

    /// <summary>A node numbered <paramref name="number"/> (1-based): overlay 2001:db8:ff::N/128 and 198.18.0.N/32.</summary>
    public static WireGuardNode Create(char name, int number) => new(
        name,
        $"bww{Environment.ProcessId % 100_000}x{Interlocked.Increment(ref s_counter)}",
        WireGuardKey.GeneratePrivateKey(),
        51820,
        IPAddress.Parse($"2001:db8:ff::{number}"),
        IPAddress.Parse($"198.18.0.{number}"));
}
