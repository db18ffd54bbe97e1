using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.WireGuard;

/// <summary>Chooses the backend for an existing interface: its UAPI socket if it has one, else the <c>wg</c> tool.</summary>
public static class WireGuardDevices
{
    /// <summary>
    /// A UAPI device when <c>/var/run/wireguard/IFACE.sock</c> exists (wireguard-go, boringtun: the socket is the
    /// fast path and needs no extra process per change), otherwise a <c>wg</c>-tool device (kernel WireGuard).
    /// </summary>
    public static IWireGuardDevice Open(string interfaceName, ILogger logger, string? socketDirectory = null)
    {
        var socket = Path.Combine(socketDirectory ?? UapiClient.DefaultSocketDirectory, interfaceName + ".sock");
        return File.Exists(socket)
            ? new UapiWireGuardDevice(interfaceName, logger, socketDirectory)
            : new WgToolWireGuardDevice(interfaceName, logger);
    }
}
