using System.Net;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Bench.Programming;

/// <summary>
/// A fresh wireguard-go interface in its own lab namespace, driven through <see cref="UapiWireGuardDevice"/>, with
/// five peers (fresh keys, no endpoints, so nothing is ever sent) created before any clock starts.
/// </summary>
internal sealed class ProgrammingTarget : IAsyncDisposable
{
    public const int PeerCount = 5;
    private static int s_counter;

    private readonly NetworkLab _lab;
    private readonly WireGuardGoProcess _wireGuardGo;

    private ProgrammingTarget(NetworkLab lab, WireGuardGoProcess wireGuardGo, UapiWireGuardDevice device, WireGuardKey[] peers)
    {
        _lab = lab;
        _wireGuardGo = wireGuardGo;
        Device = device;
        Peers = peers;
    }

    public UapiWireGuardDevice Device { get; }

    public IReadOnlyList<WireGuardKey> Peers { get; }

    public static async Task<ProgrammingTarget> StartAsync(CancellationToken cancellationToken)
    {
        var lab = await NetworkLab.CreateAsync("bwb", cancellationToken);
        WireGuardGoProcess? wireGuardGo = null;
        try
        {
            var ns = await lab.AddNamespaceAsync("p", cancellationToken);
            // UAPI sockets are shared by all namespaces: the name carries this process's id and a counter.
            var name = $"bwp{Environment.ProcessId % 100_000}x{Interlocked.Increment(ref s_counter)}";
            wireGuardGo = await WireGuardGoProcess.StartAsync(name, ns.Name, cancellationToken: cancellationToken);
            var device = new UapiWireGuardDevice(name);
            WireGuardKey[] peers = [.. Enumerable.Range(0, PeerCount).Select(_ => WireGuardKey.GeneratePrivateKey().DerivePublicKey())];
            await device.ApplyAsync(
                new DeviceConfig([.. peers.Select(p => new PeerConfig(p, new HashSet<IPNetwork>()))]) { PrivateKey = WireGuardKey.GeneratePrivateKey() },
                cancellationToken);
            return new ProgrammingTarget(lab, wireGuardGo, device, peers);
        }
        catch
        {
            if (wireGuardGo is not null)
            {
                await wireGuardGo.DisposeAsync();
            }

            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Peak resident memory of the wireguard-go process so far.</summary>
    public long? WireGuardGoPeakResidentBytes() => ProcessMemory.PeakResidentBytes(_wireGuardGo.ProcessId);

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        await _wireGuardGo.DisposeAsync();
        await _lab.DisposeAsync();
    }
}
