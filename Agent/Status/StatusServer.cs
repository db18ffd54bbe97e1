using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Status;

/// <summary>
/// Serves status on a Unix domain socket. A client writes one line, "full" or "summary", and reads one JSON
/// document. The report is taken on the engine loop (through <see cref="AgentInbox"/>) and serialised here, so a
/// 100,000-route table does not hold the loop up while it is written out.
/// </summary>
public sealed class StatusServer(
    IOptions<AgentOptions> options,
    AgentInbox inbox,
    AgentExit exit,
    IHostApplicationLifetime lifetime,
    ILogger<StatusServer> logger) : BackgroundService
{
    public const string FullRequest = "full";
    public const string SummaryRequest = "summary";

    private const int MaxClients = 8;

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    private readonly string _path = options.Value.StatusSocket;

    private Socket? _listener;

    /// <summary>Binds before the host reports started, so a client that starts polling then finds the socket.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            Bind(listener);
            _listener = listener;
            Log.StatusListening(logger, _path);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            listener.Dispose();
            Log.StatusSocketFailed(logger, _path, e.Message);
            exit.Fail();
            lifetime.StopApplication();
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is not { } listener)
            return;
        // Clients are served side by side (a slow or silent one must not hold up the benchmark's summary polls),
        // at most MaxClients at once.
        using var slots = new SemaphoreSlim(MaxClients);
        var serving = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release();
                    throw;
                }
                serving.RemoveAll(t => t.IsCompleted);
                serving.Add(ServeOneAsync(client, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Dispose();
            TryDelete(_path);
            await Task.WhenAll(serving).ConfigureAwait(false);
        }
    }

    /// <summary>Never throws: every failure of one client is logged at Debug and ends only that client.</summary>
    private async Task ServeOneAsync(Socket client, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(ClientTimeout);
            await ServeAsync(client, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            if (!stoppingToken.IsCancellationRequested)
                Log.StatusRequestFailed(logger, e.Message);
        }
        finally
        {
            client.Dispose();
            slots.Release();
        }
    }

    private void Bind(Socket listener)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        if (File.Exists(_path))
        {
            // A live agent answers on it; a stale file from a crash does not.
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(_path));
                throw new IOException($"another agent is already serving {_path}");
            }
            catch (SocketException)
            {
                File.Delete(_path);
            }
        }
        listener.Bind(new UnixDomainSocketEndPoint(_path));
        listener.Listen(16);
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(client, ownsSocket: false);
        var request = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        var reply = new TaskCompletionSource<StatusReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        await inbox.Writer.WriteAsync(new StatusInput(request == SummaryRequest, reply), cancellationToken).ConfigureAwait(false);
        var report = await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(stream, report, StatusJsonContext.Default.StatusReport, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>One short line; anything longer than a request can be is cut off.</summary>
    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                break;
            length += n;
            if (Array.IndexOf(buffer, (byte)'\n', 0, length) >= 0)
                break;
        }
        return Encoding.ASCII.GetString(buffer, 0, length).Split('\n')[0].Trim();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next start finds it stale and removes it.
        }
    }
}
