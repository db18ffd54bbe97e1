using System.Net.Sockets;
using System.Text;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>The agent's status socket protocol: one request line (<c>full</c> or <c>summary</c>), one JSON document back.</summary>
public static class StatusSocketClient
{
    /// <summary>The answer, or null when no agent answers on <paramref name="path"/> within 10 s.</summary>
    public static async Task<string?> TryRequestAsync(string path, string request, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), limit.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(request + "\n"), limit.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var json = await reader.ReadToEndAsync(limit.Token);
            return json.Length == 0 ? null : json;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // no answer within the 10 s limit
        }
    }
}
