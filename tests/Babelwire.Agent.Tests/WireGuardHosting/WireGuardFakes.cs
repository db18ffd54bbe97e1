using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuardHosting;

/// <summary>Hands the host an in-memory device instead of creating an interface.</summary>
internal sealed class InMemoryBackendFactory(InMemoryWireGuardDevice device) : IWireGuardBackendFactory
{
    public int Opened { get; private set; }

    public Task<OpenedWireGuardDevice> OpenAsync(WireGuardOptions options, CancellationToken cancellationToken)
    {
        Opened++;
        return Task.FromResult(new OpenedWireGuardDevice(device, "in-memory", null));
    }
}

/// <summary>Records the link configuration it was asked for and answers a fixed index.</summary>
internal sealed class RecordingLinkConfigurator(int index) : ILinkConfigurator
{
    private readonly List<LinkConfig> _calls = [];

    public IReadOnlyList<LinkConfig> Calls
    {
        get
        {
            lock (_calls)
                return [.. _calls];
        }
    }

    public Task<int> ConfigureAsync(LinkConfig desired, CancellationToken cancellationToken)
    {
        lock (_calls)
            _calls.Add(desired);
        return Task.FromResult(index);
    }
}
