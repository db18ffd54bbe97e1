using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// A WireGuard interface driven by the <c>wg</c> tool: the fallback for kernel WireGuard (which has no UAPI socket).
/// Reads with <c>wg show IFACE dump</c>; applies the same diff as the UAPI device, in one <c>wg set</c> per change,
/// or, when the allowed-ips lists would overflow a command line (128 KiB per argument on Linux), one <c>wg addconf</c>
/// fed on standard input (plus one <c>wg set … remove</c> if peers are removed too). <c>wg set … allowed-ips</c>
/// and <c>addconf</c> both replace a peer's list, so a changed peer is always sent whole: removing a single entry
/// needs wireguard-tools 1.0.20250521+ and is not used.
/// </summary>
public sealed class WgToolWireGuardDevice : IWireGuardDevice
{
    // Linux's MAX_ARG_STRLEN is 128 KiB per argument; stay well below it, and below the total ARG_MAX.
    internal const int MaxArgumentLength = 100_000;

    private readonly string _executable;
    private readonly IReadOnlyList<string> _commandPrefix;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DeviceModel? _known;

    /// <param name="commandPrefix">
    /// Run <c>wg</c> through this, e.g. <c>ip netns exec NS</c> for a kernel interface in another namespace.
    /// </param>
    public WgToolWireGuardDevice(
        string interfaceName, ILogger? logger = null, string executable = "wg",
        IReadOnlyList<string>? commandPrefix = null, TimeSpan? timeout = null)
    {
        InterfaceName = interfaceName;
        _executable = executable;
        _commandPrefix = commandPrefix ?? [];
        _logger = logger ?? NullLogger.Instance;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    public string InterfaceName { get; }

    /// <summary>Commands run by <see cref="ApplyAsync"/> so far.</summary>
    public long ApplyCommands { get; private set; }

    public async Task<DeviceState> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return (await ReadDumpAsync(cancellationToken)).State;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ApplyAsync(DeviceConfig desired, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_known is null)
            {
                await ReadDumpAsync(cancellationToken);
            }

            var plan = _known!.Plan(desired, AllowedIpRemoval.Replace);
            if (plan.IsEmpty)
            {
                return;
            }

            try
            {
                foreach (var (arguments, input) in BuildCommands(InterfaceName, plan))
                {
                    await RunAsync(arguments, input, cancellationToken);
                    ApplyCommands++;
                }
            }
            catch
            {
                _known = null;
                throw;
            }

            _known.Commit(plan);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The <c>wg</c> invocations (arguments and standard input) that carry out <paramref name="plan"/>.</summary>
    internal static IReadOnlyList<(IReadOnlyList<string> Arguments, string? Input)> BuildCommands(string interfaceName, DevicePlan plan)
    {
        var set = BuildSetArguments(interfaceName, plan);
        if (set.Sum(a => a.Length + 1) <= MaxArgumentLength)
        {
            return [(set, plan.PrivateKey is { } key ? key.ToBase64() + "\n" : null)];
        }

        var commands = new List<(IReadOnlyList<string>, string?)>
        {
            (["addconf", interfaceName, "/dev/stdin"], BuildAddconf(plan)),
        };
        var removals = plan.Peers.Where(p => p.Kind == PeerPlanKind.Remove).ToList();
        if (removals.Count > 0)
        {
            commands.Add((BuildSetArguments(interfaceName, new DevicePlan(null, null, removals)), null));
        }

        return commands;
    }

    /// <summary><c>wg set IFACE [listen-port N] [private-key /dev/stdin] peer K … peer K …</c>.</summary>
    internal static IReadOnlyList<string> BuildSetArguments(string interfaceName, DevicePlan plan)
    {
        var arguments = new List<string> { "set", interfaceName };
        if (plan.ListenPort is { } port)
        {
            arguments.AddRange(["listen-port", port.ToString(CultureInfo.InvariantCulture)]);
        }

        if (plan.PrivateKey is not null)
        {
            arguments.AddRange(["private-key", "/dev/stdin"]);
        }

        foreach (var peer in plan.Peers)
        {
            arguments.AddRange(["peer", peer.PublicKey.ToBase64()]);
            if (peer.Kind == PeerPlanKind.Remove)
            {
                arguments.Add("remove");
                continue;
            }

            if (peer.Endpoint is { } endpoint)
            {
                arguments.AddRange(["endpoint", UapiText.FormatEndpoint(endpoint)]);
            }

            if (peer.PersistentKeepalive is { } keepalive)
            {
                arguments.AddRange(["persistent-keepalive", FormatKeepalive(keepalive)]);
            }

            if (peer.AllowedIps is { } allowedIps)
            {
                arguments.AddRange(["allowed-ips", JoinPrefixes(allowedIps)]);
            }
        }

        return arguments;
    }

    /// <summary>A config for <c>wg addconf</c>: device fields and the created or updated peers, each list whole.</summary>
    internal static string BuildAddconf(DevicePlan plan)
    {
        var text = new StringBuilder();
        text.Append("[Interface]\n");
        if (plan.PrivateKey is { } privateKey)
        {
            text.Append("PrivateKey = ").Append(privateKey.ToBase64()).Append('\n');
        }

        if (plan.ListenPort is { } port)
        {
            text.Append("ListenPort = ").Append(port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var peer in plan.Peers.Where(p => p.Kind != PeerPlanKind.Remove))
        {
            text.Append("\n[Peer]\nPublicKey = ").Append(peer.PublicKey.ToBase64()).Append('\n');
            if (peer.Endpoint is { } endpoint)
            {
                text.Append("Endpoint = ").Append(UapiText.FormatEndpoint(endpoint)).Append('\n');
            }

            if (peer.PersistentKeepalive is { } keepalive)
            {
                text.Append("PersistentKeepalive = ").Append(FormatKeepalive(keepalive)).Append('\n');
            }

            if (peer.AllowedIps is { Count: > 0 } allowedIps)
            {
                // One line per prefix: wg reads a config line into a fixed-size buffer.
                foreach (var prefix in allowedIps)
                {
                    text.Append("AllowedIPs = ");
                    UapiText.AppendPrefix(text, prefix);
                    text.Append('\n');
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Parses <c>wg show IFACE dump</c>: a device line, then one tab-separated line per peer.</summary>
    /// <exception cref="FormatException">The output is not a dump.</exception>
    internal static (WireGuardKey? PrivateKey, DeviceState State) ParseDump(string dump)
    {
        var lines = dump.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            throw new FormatException("`wg show dump` printed nothing");
        }

        // private-key public-key listen-port fwmark
        var device = lines[0].Split('\t');
        if (device.Length != 4 || !int.TryParse(device[2], NumberStyles.None, CultureInfo.InvariantCulture, out var listenPort))
        {
            throw new FormatException($"not a `wg show dump` device line: '{lines[0]}'");
        }

        WireGuardKey? privateKey = device[0] == "(none)" ? null : ParseKey(device[0]);
        WireGuardKey? publicKey = device[1] == "(none)" ? null : ParseKey(device[1]);
        var peers = new List<PeerState>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            // public-key preshared-key endpoint allowed-ips latest-handshake transfer-rx transfer-tx persistent-keepalive
            var f = line.Split('\t');
            if (f.Length != 8)
            {
                throw new FormatException($"not a `wg show dump` peer line: '{line}'");
            }

            var allowedIps = new HashSet<IPNetwork>();
            if (f[3] != "(none)")
            {
                foreach (var prefix in f[3].Split(','))
                {
                    allowedIps.Add(IPNetwork.Parse(prefix));
                }
            }

            var handshake = long.Parse(f[4], CultureInfo.InvariantCulture);
            peers.Add(new PeerState(
                ParseKey(f[0]),
                allowedIps,
                f[2] == "(none)" ? null : IPEndPoint.Parse(f[2]),
                f[7] == "off" ? null : TimeSpan.FromSeconds(int.Parse(f[7], CultureInfo.InvariantCulture)),
                handshake == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(handshake),
                long.Parse(f[5], CultureInfo.InvariantCulture),
                long.Parse(f[6], CultureInfo.InvariantCulture)));
        }

        return (privateKey, new DeviceState(publicKey, listenPort, peers));
    }

    private static WireGuardKey ParseKey(string base64) => WireGuardKey.Parse(base64);

    private static string FormatKeepalive(TimeSpan keepalive) =>
        keepalive == TimeSpan.Zero ? "off" : ((int)keepalive.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string JoinPrefixes(IReadOnlySet<IPNetwork> prefixes)
    {
        var text = new StringBuilder(prefixes.Count * 20);
        foreach (var prefix in prefixes)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            UapiText.AppendPrefix(text, prefix);
        }

        return text.ToString();
    }

    private async Task<(WireGuardKey? PrivateKey, DeviceState State)> ReadDumpAsync(CancellationToken cancellationToken)
    {
        _known = null;
        var output = await RunAsync(["show", InterfaceName, "dump"], null, cancellationToken);
        var dump = ParseDump(output);
        _known = DeviceModel.FromState(dump.PrivateKey, dump.State.ListenPort, dump.State.Peers);
        Log.DeviceReread(_logger, InterfaceName, dump.State.Peers.Count, dump.State.Peers.Sum(p => p.AllowedIps.Count));
        return dump;
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var file = _commandPrefix.Count > 0 ? _commandPrefix[0] : _executable;
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in _commandPrefix.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        if (_commandPrefix.Count > 0)
        {
            info.ArgumentList.Add(_executable);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var text = $"{_executable} {string.Join(' ', arguments.Take(4))}{(arguments.Count > 4 ? " …" : "")}";
        var started = TimeProvider.System.GetTimestamp();
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new WgCommandException($"cannot run `{file}` ({e.Message}): is wireguard-tools installed?", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            }

            process.StandardInput.Close();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new WgCommandException($"`{text}` did not finish within {_timeout.TotalSeconds:F0} s");
            }

            var output = await stdout;
            var error = await stderr;
            Log.WgCommand(_logger, text, process.ExitCode, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            if (process.ExitCode != 0)
            {
                var failure = new WgCommandException($"`{text}` exited {process.ExitCode}: {error.Trim()}");
                Log.WgCommandFailed(_logger, text, failure);
                throw failure;
            }

            return output;
        }
    }
}
