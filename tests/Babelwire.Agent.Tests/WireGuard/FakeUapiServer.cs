using System.Net;
using System.Net.Sockets;
using System.Text;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

/// <summary>
/// A small UAPI server on a Unix socket in a temporary directory that behaves like wireguard-go for what the
/// device uses: peers with AllowedIPs (a prefix added to one peer leaves any other), <c>update_only</c>,
/// <c>remove</c>, <c>replace_allowed_ips</c>, and <c>allowed_ip=-P</c> only when told to support it (otherwise the
/// line fails with errno=-22 and the rest of the transaction is dropped, as 0.0.20220316 does). Records every request.
/// </summary>
internal sealed class FakeUapiServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly object _lock = new();
    private readonly Dictionary<WireGuardKey, (HashSet<IPNetwork> AllowedIps, string? Endpoint)> _peers = [];
    private readonly List<string> _requests = [];

    public FakeUapiServer(string directory, string interfaceName, bool supportsRemoval)
    {
        SupportsRemoval = supportsRemoval;
        Directory = directory;
        InterfaceName = interfaceName;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(directory, interfaceName + ".sock")));
        _listener.Listen();
        _acceptLoop = AcceptAsync();
    }

    public string Directory { get; }

    public string InterfaceName { get; }

    public bool SupportsRemoval { get; }

    /// <summary>When set, the next set=1 fails with this errno after applying the lines before the Nth peer.</summary>
    public (int Errno, int FailAtPeer)? FailNextSet { get; set; }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<string> Sets => [.. Requests.Where(r => r.StartsWith("set=1\n", StringComparison.Ordinal))];

    public int Gets => Requests.Count(r => r == "get=1\n\n");

    public IReadOnlySet<IPNetwork> AllowedIpsOf(WireGuardKey key)
    {
        lock (_lock)
        {
            return _peers.TryGetValue(key, out var peer) ? [.. peer.AllowedIps] : new HashSet<IPNetwork>();
        }
    }

    public IReadOnlyList<WireGuardKey> PeerKeys
    {
        get
        {
            lock (_lock)
            {
                return [.. _peers.Keys];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var connection = await _listener.AcceptAsync(_stop.Token);
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using var _ = connection;
        using var stream = new NetworkStream(connection);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        try
        {
            while (true)
            {
                var request = new StringBuilder();
                string? line;
                while ((line = await reader.ReadLineAsync(_stop.Token)) is not null)
                {
                    request.Append(line).Append('\n');
                    if (line.Length == 0)
                    {
                        break;
                    }
                }

                if (line is null)
                {
                    return;
                }

                var text = request.ToString();
                string reply;
                lock (_lock)
                {
                    _requests.Add(text);
                    reply = text == "get=1\n\n" ? Get() : Set(text);
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), _stop.Token);
                if (reply != "errno=0\n\n")
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    private string Get()
    {
        var text = new StringBuilder("listen_port=51820\n");
        foreach (var (key, peer) in _peers)
        {
            text.Append("public_key=").Append(key.ToHex()).Append('\n');
            text.Append("protocol_version=1\n");
            if (peer.Endpoint is not null)
            {
                text.Append("endpoint=").Append(peer.Endpoint).Append('\n');
            }

            text.Append("last_handshake_time_sec=0\nlast_handshake_time_nsec=0\ntx_bytes=0\nrx_bytes=0\npersistent_keepalive_interval=0\n");
            foreach (var prefix in peer.AllowedIps)
            {
                text.Append("allowed_ip=").Append(prefix).Append('\n');
            }
        }

        return text.Append("errno=0\n\n").ToString();
    }

    private string Set(string request)
    {
        WireGuardKey? current = null;
        var peerIndex = 0;
        foreach (var line in request.Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            var (key, value) = (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
            if (key == "public_key")
            {
                peerIndex++;
                if (FailNextSet is { } failure && peerIndex > failure.FailAtPeer)
                {
                    FailNextSet = null;
                    return $"errno=-{failure.Errno}\n\n";
                }

                current = WireGuardKey.ParseHex(value);
                _peers.TryAdd(current.Value, ([], null));
                continue;
            }

            if (current is not { } peer)
            {
                continue;
            }

            var state = _peers[peer];
            switch (key)
            {
                case "remove":
                    _peers.Remove(peer);
                    current = null;
                    break;
                case "endpoint":
                    _peers[peer] = (state.AllowedIps, value);
                    break;
                case "replace_allowed_ips":
                    state.AllowedIps.Clear();
                    break;
                case "allowed_ip" when value.StartsWith('-'):
                    if (!SupportsRemoval)
                    {
                        return "errno=-22\n\n";
                    }

                    state.AllowedIps.Remove(IPNetwork.Parse(value[1..]));
                    break;
                case "allowed_ip":
                    var prefix = IPNetwork.Parse(value);
                    foreach (var other in _peers.Values)
                    {
                        other.AllowedIps.Remove(prefix);
                    }

                    state.AllowedIps.Add(prefix);
                    break;
            }
        }

        return "errno=0\n\n";
    }
}
