using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Hosting;

/// <param name="Backend">What status shows: "wireguard-go", "kernel".</param>
/// <param name="Owned">What the agent started (a wireguard-go process, a kernel link) and stops on shutdown; null if nothing.</param>
public sealed record OpenedWireGuardDevice(IWireGuardDevice Device, string Backend, IAsyncDisposable? Owned);
