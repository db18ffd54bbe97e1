using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.Tests.WireGuard;

public sealed class WireGuardDevicesTests
{
    [Fact]
    public void An_interface_with_a_uapi_socket_gets_the_uapi_device_and_one_without_gets_the_wg_tool()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("wgu0.sock"), "");

        Assert.IsType<UapiWireGuardDevice>(WireGuardDevices.Open("wgu0", NullLogger.Instance, dir.Path));
        Assert.IsType<WgToolWireGuardDevice>(WireGuardDevices.Open("wgk0", NullLogger.Instance, dir.Path));
    }
}
