namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// A wireguard-go interface in a lab namespace, run in the foreground (<c>-f</c>: otherwise it forks away from its
/// process) so the lab can stop it. Its UAPI socket in <see cref="NetworkLab.WireGuardSocketDirectory"/> is shared
/// by all namespaces, hence the machine-wide unique name from <see cref="NetworkLab.UniqueInterfaceName"/>.
/// </summary>
public sealed class WireGuardGo
{
    public const string Executable = "/usr/bin/wireguard-go";

    private WireGuardGo(NetNamespace ns, string interfaceName, BackgroundProcess process)
    {
        Namespace = ns;
        InterfaceName = interfaceName;
        Process = process;
    }

    public NetNamespace Namespace { get; }

    public string InterfaceName { get; }

    public BackgroundProcess Process { get; }

    public string SocketPath => Path.Combine(NetworkLab.WireGuardSocketDirectory, InterfaceName + ".sock");

    /// <summary>Starts wireguard-go and returns once the interface exists and its UAPI socket answers <c>wg show</c>.</summary>
    public static async Task<WireGuardGo> StartAsync(
        NetworkLab lab, NetNamespace ns, string interfaceName, CancellationToken cancellationToken)
    {
        var process = lab.Start(ns, "wireguard-go-" + interfaceName, Executable, ["-f", interfaceName]);
        var device = new WireGuardGo(ns, interfaceName, process);
        lab.DeleteOnDispose(device.SocketPath);
        await Poll.UntilAsync(
            $"wireguard-go's interface {interfaceName} in {ns}",
            async ct => !process.HasExited && (await NetworkLab.ExecAsync(ns, "wg", ["show", interfaceName, "public-key"], ct)).Succeeded,
            up => up || process.HasExited, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), cancellationToken, () => process.Tail());
        if (process.HasExited)
        {
            throw new InvalidOperationException($"wireguard-go exited at start\n{process.Tail()}");
        }

        return device;
    }

    /// <summary>Runs <c>wg set INTERFACE …</c> inside the namespace.</summary>
    public Task SetAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        NetworkLab.ExecCheckedAsync(Namespace, "wg", ["set", InterfaceName, .. arguments], cancellationToken);

    /// <summary>The device as <c>wg show INTERFACE dump</c> reports it.</summary>
    public Task<WireGuardDump> DumpAsync(CancellationToken cancellationToken) => WireGuardDump.ReadAsync(Namespace, InterfaceName, cancellationToken);

    /// <summary>Stops wireguard-go with SIGTERM (it then removes its interface and socket); kills it after 5 s.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Process.StopAsync(TimeSpan.FromSeconds(5), cancellationToken);
}
