using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// A wireguard-go interface this process owns: started in the foreground (<c>-f</c>, so its pid is ours to stop;
/// without it wireguard-go forks away), optionally inside a network namespace (<c>ip netns exec</c>, which execs,
/// so the pid stays wireguard-go's). The UAPI socket directory is shared by every namespace, so interface names must
/// be unique on the machine. Disposing stops it (SIGTERM, then SIGKILL) and deletes a leftover socket.
/// </summary>
public sealed class WireGuardGoProcess : IAsyncDisposable
{
    private const int KeptLines = 50;

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly Queue<string> _output = new();
    private int _stopped;

    private WireGuardGoProcess(string interfaceName, string? networkNamespace, string socketPath, Process process, ILogger logger)
    {
        InterfaceName = interfaceName;
        NetworkNamespace = networkNamespace;
        SocketPath = socketPath;
        _process = process;
        _logger = logger;
    }

    public string InterfaceName { get; }

    public string? NetworkNamespace { get; }

    public string SocketPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>wireguard-go -f <paramref name="interfaceName"/></c> and waits, bounded, until its UAPI socket answers.
    /// </summary>
    /// <exception cref="WireGuardGoException">The binary is missing, /dev/net/tun is unusable, the name is taken, or it exits or never opens its socket.</exception>
    public static async Task<WireGuardGoProcess> StartAsync(
        string interfaceName, string? networkNamespace = null, ILogger? logger = null, string executable = "wireguard-go",
        string? socketDirectory = null, TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        if (interfaceName.Length is 0 or > 15 || interfaceName.Any(c => c is '/' or ' ' or ':' || char.IsControl(c)))
        {
            throw new WireGuardGoException($"'{interfaceName}' is not a usable interface name (1-15 characters, no '/', ':' or spaces)");
        }

        var path = FindExecutable(executable)
            ?? throw new WireGuardGoException($"{executable} was not found (searched PATH); install wireguard-go (Debian package wireguard-go)");
        CheckTun();
        var socketPath = Path.Combine(socketDirectory ?? UapiClient.DefaultSocketDirectory, interfaceName + ".sock");
        if (File.Exists(socketPath))
        {
            if (await AnswersAsync(socketPath, cancellationToken))
            {
                throw new WireGuardGoException($"a WireGuard interface named {interfaceName} is already running ({socketPath} answers); interface names must be unique across namespaces");
            }

            File.Delete(socketPath);
        }

        var info = new ProcessStartInfo(networkNamespace is null ? path : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (networkNamespace is not null)
        {
            foreach (var argument in new[] { "netns", "exec", networkNamespace, path })
            {
                info.ArgumentList.Add(argument);
            }
        }

        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(interfaceName);

        // The foreground variable also silences wireguard-go's "the kernel has WireGuard" banner.
        info.Environment["WG_PROCESS_FOREGROUND"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new WireGuardGoProcess(interfaceName, networkNamespace, socketPath, process, logger);
        process.OutputDataReceived += (_, e) => started.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => started.OnLine(e.Data);
        if (!process.Start())
        {
            throw new WireGuardGoException($"could not start {path}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.WaitForSocketAsync(startTimeout ?? TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }

        Log.WireGuardGoStarted(
            logger, interfaceName, process.Id, networkNamespace is null ? "" : ", namespace " + networkNamespace, socketPath);
        return started;
    }

    /// <summary>Completes when wireguard-go exits, for whatever reason (a host can treat an early exit as fatal).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>What wireguard-go printed last, for error messages.</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    /// <summary>Stops wireguard-go: SIGTERM (it removes its interface and socket), SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                await SignalAsync("TERM");
                try
                {
                    await _process.WaitForExitAsync(cancellationToken).WaitAsync(grace, cancellationToken);
                }
                catch (TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
                }
            }

            Log.WireGuardGoStopped(_logger, InterfaceName, _process.ExitCode);
        }
        finally
        {
            File.Delete(SocketPath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Unkillable (D state) or already reaped: nothing more to do.
        }

        _process.Dispose();
    }

    private async Task WaitForSocketAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var interval = TimeSpan.FromMilliseconds(20);
        for (var attempt = 0; attempt <= (int)(timeout / interval); attempt++)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken);
                throw new WireGuardGoException(
                    $"wireguard-go {InterfaceName} exited {_process.ExitCode} before opening {SocketPath}:\n{Output()}");
            }

            if (File.Exists(SocketPath) && await AnswersAsync(SocketPath, cancellationToken))
            {
                return;
            }

            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                break;
            }

            await Task.Delay(interval, cancellationToken);
        }

        throw new WireGuardGoException($"wireguard-go {InterfaceName} did not open {SocketPath} within {timeout.TotalSeconds:F0} s:\n{Output()}");
    }

    private static async Task<bool> AnswersAsync(string socketPath, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void CheckTun()
    {
        const string tun = "/dev/net/tun";
        if (!File.Exists(tun))
        {
            throw new WireGuardGoException($"{tun} does not exist: the kernel has no TUN support here (in a container, pass the device in)");
        }

        try
        {
            using var handle = File.OpenHandle(tun, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new WireGuardGoException($"{tun} cannot be opened ({e.Message}): wireguard-go needs it, and CAP_NET_ADMIN");
        }
    }

    private static string? FindExecutable(string name)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture) },
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        if (kill is not null)
        {
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Log.WireGuardGoOutput(_logger, InterfaceName, line);
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
