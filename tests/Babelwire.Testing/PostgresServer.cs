using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Babelwire.Testing;

/// <summary>
/// A throwaway PostgreSQL server from Debian's packages (postgresql-NN): a fresh cluster in a temporary directory,
/// listening on 127.0.0.1 only, run as the <c>postgres</c> user when we are root. <see cref="RestartAsync"/> stops
/// and starts the same cluster, for tests that the controller survives a database restart.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "babelwire";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly bool _durable;
    private Process? _process;

    private PostgresServer(string binDirectory, string dataDirectory, int port, bool durable)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        Port = port;
        _durable = durable;
    }

    public int Port { get; }

    /// <summary>Where the server's binaries are, or null with the reason when PostgreSQL is not installed.</summary>
    public static string? FindBinDirectory(out string? problem)
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        problem = bin is null ? $"no PostgreSQL server under {root} (Debian package postgresql; scripts/install-deps.sh installs it)" : null;
        return bin;
    }

    /// <param name="durable">False (tests): fsync and synchronous commit off, which is several times faster and
    /// loses nothing a test cares about. True (benchmarks): PostgreSQL's defaults.</param>
    public static async Task<PostgresServer> StartAsync(bool durable = false, CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory(out var problem) ?? throw new InvalidOperationException(problem);
        var data = Directory.CreateTempSubdirectory("babelwire-pg-").FullName;
        var server = new PostgresServer(bin, data, FreePort(), durable);
        try
        {
            await server.InitAsync(cancellationToken);
            await server.StartProcessAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> (trust authentication on loopback).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = User,
            Database = database,
            Pooling = true,
            Timeout = 5,
        }.ConnectionString;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Fast shutdown (clients are disconnected), then a start of the same cluster on the same port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartProcessAsync(cancellationToken);
    }

    /// <summary>Stops the server (fast shutdown) and keeps its data, for tests of a database outage.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, disconnect clients, checkpoint.
        _ = Kill(process.Id, 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        if (IsRoot)
        {
            // PostgreSQL refuses to run as root; the Debian package created the postgres user.
            await RunAsync(StartInfo("chown", ["postgres:postgres", _dataDirectory], asPostgres: false), cancellationToken);
        }
        await RunAsync(StartInfo(Path.Combine(_binDirectory, "initdb"),
            ["-D", _dataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], IsRoot), cancellationToken);
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            "-D", _dataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={_dataDirectory}",
            "-c", "max_connections=300", "-c", "shared_buffers=128MB",
        ];
        if (!_durable)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        var process = Process.Start(StartInfo(Path.Combine(_binDirectory, "postgres"), arguments, IsRoot))
            ?? throw new InvalidOperationException("postgres did not start");
        _process = process;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with code {process.ExitCode} while starting (data directory {_dataDirectory})");
            }
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static ProcessStartInfo StartInfo(string executable, IEnumerable<string> arguments, bool asPostgres)
    {
        // setpriv execs (no extra process in between), so the Process we hold is postgres itself.
        var info = asPostgres
            ? new ProcessStartInfo("setpriv") { ArgumentList = { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", executable } }
            : new ProcessStartInfo(executable);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    private static async Task RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
