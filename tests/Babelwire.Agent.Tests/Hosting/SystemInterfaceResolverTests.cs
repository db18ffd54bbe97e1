using Babelwire.Agent.Hosting;

namespace Babelwire.Agent.Tests.Hosting;

/// <summary>The real lookup, on what every Linux host has: a loopback interface without a link-local address.</summary>
public sealed class SystemInterfaceResolverTests
{
    [Fact]
    public void A_missing_interface_is_reported_as_missing()
    {
        var resolved = new SystemInterfaceResolver().TryResolve("bw-none-0", out var problem);

        Assert.Null(resolved);
        Assert.Equal("no such interface", problem);
    }

    [Fact]
    public void An_interface_without_an_fe80_64_address_is_not_ready()
    {
        var resolved = new SystemInterfaceResolver().TryResolve("lo", out var problem);

        Assert.Null(resolved);
        Assert.True(problem.Contains("link-local", StringComparison.Ordinal) || problem == "IPv6 is disabled on it", problem);
    }
}
