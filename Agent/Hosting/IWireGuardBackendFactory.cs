using Babelwire.Agent.Configuration;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Hosting;

/// <summary>Creates or adopts the WireGuard interface of the <c>wireguard</c> section; tests replace it with an in-memory device.</summary>
public interface IWireGuardBackendFactory
{
    /// <exception cref="WireGuardStartException">The interface cannot be created or found.</exception>
    Task<OpenedWireGuardDevice> OpenAsync(WireGuardOptions options, CancellationToken cancellationToken);
}

/// <param name="Backend">What status shows: "wireguard-go", "kernel".</param>
/// <param name="Owned">What the agent started (a wireguard-go process, a kernel link) and stops on shutdown; null if nothing.</param>
public sealed record OpenedWireGuardDevice(IWireGuardDevice Device, string Backend, IAsyncDisposable? Owned);

public sealed class WireGuardStartException(string message, Exception? inner = null) : Exception(message, inner);
