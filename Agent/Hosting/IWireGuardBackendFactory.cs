using Babelwire.Agent.Configuration;

namespace Babelwire.Agent.Hosting;

/// <summary>Creates or adopts the WireGuard interface of the <c>wireguard</c> section; tests replace it with an in-memory device.</summary>
public interface IWireGuardBackendFactory
{
    /// <exception cref="WireGuardStartException">The interface cannot be created or found.</exception>
    Task<OpenedWireGuardDevice> OpenAsync(WireGuardOptions options, CancellationToken cancellationToken);
}
