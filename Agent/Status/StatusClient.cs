using System.Net.Sockets;
using System.Text;

namespace Babelwire.Agent.Status;

/// <summary>The <c>status</c> command's side of <see cref="StatusServer"/>: returns the raw JSON.</summary>
public static class StatusClient
{
    /// <exception cref="StatusUnavailableException">No agent answers on <paramref name="path"/>.</exception>
    public static async Task<string> RequestAsync(string path, bool summaryOnly, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new StatusUnavailableException($"no agent is running: {path} does not exist");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes((summaryOnly ? StatusServer.SummaryRequest : StatusServer.FullRequest) + "\n"), deadline.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var json = await reader.ReadToEndAsync(deadline.Token).ConfigureAwait(false);
            if (json.Length == 0)
                throw new StatusUnavailableException($"the agent at {path} closed the connection without answering (is it stopping?)");
            return json;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused or SocketError.AccessDenied)
        {
            throw new StatusUnavailableException($"no agent is running at {path} ({e.Message})", e);
        }
        catch (SocketException e)
        {
            throw new StatusUnavailableException($"cannot reach the agent at {path}: {e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StatusUnavailableException($"the agent at {path} did not answer within {timeout.TotalSeconds:0} s");
        }
    }
}

public sealed class StatusUnavailableException : Exception
{
    public StatusUnavailableException()
    {
    }

    public StatusUnavailableException(string message) : base(message)
    {
    }

    public StatusUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
