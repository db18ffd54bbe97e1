using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Babelwire.Bench.Controller;

/// <summary>
/// The controller's Release build as its own process (<c>dotnet babelwire-controller.dll --urls …</c>) on a fresh
/// database, its output written to a log file; disposing stops it (SIGTERM, then a kill after 10 s).
/// </summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    public const string DllName = "babelwire-controller.dll";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private int _warnings;
    private int _errors;

    private ControllerProcess(Process process, StreamWriter log, string logPath, Uri baseUri)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Lines the console logger wrote at Warning ("warn:") and at Error or Critical ("fail:", "crit:") since it
    /// became ready (EF Core logs a failed query of the migrations history table on a fresh database as an error).</summary>
    public (int Warnings, int Errors) LoggedProblems => (Volatile.Read(ref _warnings), Volatile.Read(ref _errors));

    public static string? FindDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Babelwire.slnx")))
            {
                var dll = Path.Combine(dir.FullName, "Controller", "bin", "Release", "net10.0", DllName);
                return File.Exists(dll) ? dll : null;
            }
        }
        return null;
    }

    public static async Task<ControllerProcess> StartAsync(
        string dll, string connectionString, string bootstrapApiKey, string logPath, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", baseUri.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["ConnectionStrings__Mesh"] = connectionString;
        info.Environment["Admin__BootstrapApiKey"] = bootstrapApiKey;
        info.Environment["Mesh__OverlayIPv4Prefix"] = "198.18.0.0/15";
        info.Environment["Mesh__OverlayIPv6Prefix"] = "fd00:b:2::/48";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Every simulated agent enrols from 127.0.0.1: lift the per-client-IP enrolment rate limit (60 a minute).
        info.Environment["Enrolment__RateLimitPermits"] = "1000000";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var controller = new ControllerProcess(process, log, logPath, baseUri);
        process.OutputDataReceived += (_, e) => controller.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => controller.OnLine(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start the controller");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await controller.WaitReadyAsync(cancellationToken);
            Interlocked.Exchange(ref controller._warnings, 0);
            Interlocked.Exchange(ref controller._errors, 0);
            return controller;
        }
        catch
        {
            await controller.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line.StartsWith("warn:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }
        else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
        }
        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after disposal (the last lines of a stopping process) is not kept.
            }
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the controller exited with code {_process.ExitCode} while starting; log: {LogPath}");
            }
            try
            {
                using var response = await http.GetAsync("health/ready", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer while it migrates the database.
            }
            if (clock.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"the controller was not ready within {ReadyTimeout.TotalSeconds:F0} s; log: {LogPath}");
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
