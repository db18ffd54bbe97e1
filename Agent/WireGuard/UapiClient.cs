using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// The UAPI over the interface's Unix socket (<c>/var/run/wireguard/IFACE.sock</c>, as wireguard-go and boringtun
/// serve it). One connection is kept open and reused (a transaction over an open socket costs far less than a new
/// process or connection); after any failure it is closed, since the implementation may have stopped reading
/// mid-transaction, and the next call connects again. Calls are serialised.
/// </summary>
public sealed class UapiClient : IAsyncDisposable
{
    public const string DefaultSocketDirectory = "/var/run/wireguard";

    // A reply larger than this is not a WireGuard device (1,000,000 allowed IPs is about 40 MB).
    private const int MaxReplyLength = 256 * 1024 * 1024;

    // A Trace dump of a huge transaction is cut here.
    private const int MaxLoggedText = 16 * 1024;

    private static readonly byte[] GetRequest = "get=1\n\n"u8.ToArray();
    private static readonly byte[] SetLine = "set=1\n"u8.ToArray();

    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Socket? _socket;

    public UapiClient(string interfaceName, ILogger? logger = null, string? socketDirectory = null, TimeSpan? timeout = null)
    {
        InterfaceName = interfaceName;
        SocketPath = Path.Combine(socketDirectory ?? DefaultSocketDirectory, interfaceName + ".sock");
        _logger = logger ?? NullLogger.Instance;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    public string InterfaceName { get; }

    public string SocketPath { get; }

    /// <summary>Transactions sent (get and set), for tests and the benchmark.</summary>
    public long Transactions { get; private set; }

    /// <summary><c>get=1</c>: the whole device.</summary>
    public async Task<UapiConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        var reply = await TransactAsync("get", GetRequest, 1, null, cancellationToken);
        return UapiText.ParseGet(InterfaceName, reply);
    }

    /// <summary>
    /// <c>set=1</c> with <paramref name="body"/> (<c>key=value</c> lines, each ended by a newline).
    /// </summary>
    /// <exception cref="UapiException">The implementation answered a non-zero errno, or no proper reply.</exception>
    public async Task SetAsync(StringBuilder body, CancellationToken cancellationToken)
    {
        var lineCount = 0;
        foreach (var chunk in body.GetChunks())
        {
            lineCount += chunk.Span.Count('\n');
        }

        // ASCII only (hex keys, numbers, addresses): one octet per character, encoded chunk by chunk without a string.
        var length = SetLine.Length + body.Length + 1;
        var request = ArrayPool<byte>.Shared.Rent(length);
        string reply;
        try
        {
            SetLine.CopyTo(request);
            var written = SetLine.Length;
            foreach (var chunk in body.GetChunks())
            {
                written += Encoding.ASCII.GetBytes(chunk.Span, request.AsSpan(written));
            }

            request[written++] = (byte)'\n';
            reply = await TransactAsync("set", request.AsMemory(0, written), lineCount + 1, body, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(request);
        }

        var errno = UapiText.ParseErrno(InterfaceName, "set", reply);
        if (errno != 0)
        {
            throw new UapiException(InterfaceName, "set", errno);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            CloseConnection();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> TransactAsync(
        string operation, ReadOnlyMemory<byte> request, int lineCount, StringBuilder? text, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            if (text is not null && _logger.IsEnabled(LogLevel.Trace))
            {
                Log.UapiTransactionText(_logger, operation, InterfaceName, Redact(text));
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_timeout);
            string reply;
            try
            {
                var reused = _socket is not null;
                var socket = await ConnectAsync(limit.Token);
                try
                {
                    await SendAsync(socket, request, limit.Token);
                    reply = await ReceiveReplyAsync(socket, operation, limit.Token);
                }
                catch (Exception e) when (reused && e is SocketException or IOException or ConnectionClosedException)
                {
                    // A kept connection the implementation closed meanwhile (it restarted): nothing was read, try once anew.
                    CloseConnection();
                    socket = await ConnectAsync(limit.Token);
                    await SendAsync(socket, request, limit.Token);
                    reply = await ReceiveReplyAsync(socket, operation, limit.Token);
                }
            }
            catch (ConnectionClosedException)
            {
                CloseConnection();
                throw new UapiException(InterfaceName, operation, "the implementation closed the connection without a reply");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                CloseConnection();
                throw new UapiException(InterfaceName, operation, $"no reply within {_timeout.TotalSeconds:F0} s");
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                CloseConnection();
                throw new UapiException(InterfaceName, operation, $"{SocketPath}: {e.Message}", e);
            }
            catch
            {
                CloseConnection();
                throw;
            }

            Transactions++;
            if (operation == "set" && !reply.StartsWith("errno=0\n", StringComparison.Ordinal))
            {
                // wireguard-go stops reading at a failing line: whatever followed it is still unread on this connection.
                CloseConnection();
            }

            if (_logger.IsEnabled(LogLevel.Trace))
            {
                var errnoAt = reply.LastIndexOf("errno=", StringComparison.Ordinal);
                _ = int.TryParse(errnoAt < 0 ? "" : reply.AsSpan(errnoAt + "errno=".Length).TrimEnd('\n'), out var errno);
                Log.UapiTransaction(
                    _logger, operation, InterfaceName, lineCount, reply.Length, Math.Abs(errno),
                    TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            }

            return reply;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_socket is { Connected: true } open)
        {
            return open;
        }

        CloseConnection();
        if (!File.Exists(SocketPath))
        {
            throw new UapiException(
                InterfaceName, "connect",
                $"there is no UAPI socket {SocketPath}: is wireguard-go (or boringtun) running for {InterfaceName}? A kernel WireGuard interface has no UAPI socket; use the wg-tool device");
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return socket;
    }

    private static async Task SendAsync(Socket socket, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sent < request.Length)
        {
            sent += await socket.SendAsync(request[sent..], SocketFlags.None, cancellationToken);
        }
    }

    /// <summary>Reads until the reply's closing blank line (a reply never holds one before its end).</summary>
    private async Task<string> ReceiveReplyAsync(Socket socket, string operation, CancellationToken cancellationToken)
    {
        var received = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = received.GetMemory(Math.Max(4096, received.WrittenCount / 2));
            var count = await socket.ReceiveAsync(memory, SocketFlags.None, cancellationToken);
            if (count == 0)
            {
                throw received.WrittenCount == 0
                    ? new ConnectionClosedException()
                    : new UapiException(InterfaceName, operation, "the reply was cut short");
            }

            received.Advance(count);
            var span = received.WrittenSpan;
            if (span.Length >= 2 && span[^1] == '\n' && span[^2] == '\n')
            {
                return Encoding.ASCII.GetString(span[..^1]);
            }

            if (span.Length == 1 && span[0] == '\n')
            {
                throw new UapiException(InterfaceName, operation, "malformed reply: an empty reply");
            }

            if (received.WrittenCount > MaxReplyLength)
            {
                throw new UapiException(InterfaceName, operation, $"the reply exceeds {MaxReplyLength} bytes");
            }
        }
    }

    private sealed class ConnectionClosedException : Exception;

    private void CloseConnection()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private static string Redact(StringBuilder body)
    {
        var text = body.Length > MaxLoggedText
            ? body.ToString(0, MaxLoggedText) + $"… ({body.Length - MaxLoggedText} more characters)"
            : body.ToString();
        var at = text.IndexOf("private_key=", StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var end = text.IndexOf('\n', at);
        return string.Concat(text.AsSpan(0, at), "private_key=(redacted)", end < 0 ? "" : text.AsSpan(end));
    }
}
