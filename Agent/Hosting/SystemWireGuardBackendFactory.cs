using System.Diagnostics;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// Create mode: kernel WireGuard when the module is loaded (<c>ip link add … type wireguard</c>, configured with
/// <c>wg</c>; an existing kernel interface of that name is reused), else wireguard-go in the foreground (<c>-f</c>)
/// as our child, spoken to over its UAPI socket; a leftover interface of that name in our namespace is deleted
/// first. Adopt mode: the UAPI socket if there is one, else the kernel interface through <c>wg</c>.
/// </summary>
public sealed class SystemWireGuardBackendFactory(ILoggerFactory loggerFactory) : IWireGuardBackendFactory
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LeftoverPoll = TimeSpan.FromMilliseconds(100);

    public async Task<OpenedWireGuardDevice> OpenAsync(WireGuardOptions options, CancellationToken cancellationToken)
    {
        var name = options.Interface;
        var logger = loggerFactory.CreateLogger("Babelwire.Agent.WireGuard");
        var socket = Path.Combine(options.SocketDirectory, name + ".sock");
        var exists = Directory.Exists($"/sys/class/net/{name}");
        if (options.Mode == WireGuardMode.Adopt)
        {
            if (!exists)
                throw new WireGuardStartException($"interface {name} does not exist (adopt mode takes an interface set up by wg-quick or systemd-networkd)");
            return File.Exists(socket) && await AnswersAsync(name, options.SocketDirectory, logger, cancellationToken).ConfigureAwait(false)
                ? new OpenedWireGuardDevice(new UapiWireGuardDevice(name, logger, options.SocketDirectory), "wireguard-go", null)
                : new OpenedWireGuardDevice(new WgToolWireGuardDevice(name, logger), "kernel", null);
        }

        var kernel = options.Backend switch
        {
            WireGuardBackend.Kernel => true,
            WireGuardBackend.Userspace => false,
            _ => Directory.Exists("/sys/module/wireguard"),
        };
        if (kernel)
        {
            IAsyncDisposable? owned = null;
            if (!exists)
            {
                await RunAsync("ip", ["link", "add", name, "type", "wireguard"], cancellationToken).ConfigureAwait(false);
                owned = new KernelLink(name);
            }
            return new OpenedWireGuardDevice(new WgToolWireGuardDevice(name, logger), "kernel", owned);
        }
        if (exists)
        {
            // Ours by the config (create mode), left by an agent that was killed: its wireguard-go, if still alive,
            // exits when the TUN goes. Starting afresh is simpler and safer than reusing a process that is no one's
            // child (it dies on its next log line once its output pipe is gone).
            Log.LeftoverInterfaceRemoved(logger, name);
            await RunAsync("ip", ["link", "del", name], cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < 50 && File.Exists(socket) && await AnswersAsync(name, options.SocketDirectory, logger, cancellationToken).ConfigureAwait(false); i++)
                await Task.Delay(LeftoverPoll, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var process = await WireGuardGoProcess.StartAsync(
                name, logger: logger, executable: options.WireGuardGo, socketDirectory: options.SocketDirectory, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new OpenedWireGuardDevice(new UapiWireGuardDevice(name, logger, options.SocketDirectory), "wireguard-go", process);
        }
        catch (WireGuardGoException e)
        {
            throw new WireGuardStartException(e.Message, e);
        }
    }

    private static async Task<bool> AnswersAsync(string name, string directory, ILogger logger, CancellationToken cancellationToken)
    {
        var probe = new UapiWireGuardDevice(name, logger, directory);
        await using (probe.ConfigureAwait(false))
        {
            try
            {
                await probe.ReadAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UapiException or TimeoutException)
            {
                return false;
            }
        }
    }

    private static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new WireGuardStartException($"cannot start {file}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new WireGuardStartException($"{file} {string.Join(' ', arguments)} failed: {(await error.ConfigureAwait(false)).Trim()}");
    }

    /// <summary>A kernel interface this agent created: deleted on shutdown (its routes go with it).</summary>
    private sealed class KernelLink(string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await RunAsync("ip", ["link", "del", name], CancellationToken.None).ConfigureAwait(false);
            }
            catch (WireGuardStartException)
            {
            }
        }
    }
}
