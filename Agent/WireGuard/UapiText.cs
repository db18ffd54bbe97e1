using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// The UAPI text protocol (wireguard.com/xplatform): <c>key=value</c> lines, a request ended by a blank line, a reply
/// ended by <c>errno=N</c> and a blank line. Device keys come before the first <c>public_key</c>, which starts a peer.
/// </summary>
public static class UapiText
{
    /// <summary>
    /// The body of a <c>set=1</c> transaction for <paramref name="plan"/> (without the <c>set=1</c> line and the
    /// final blank line). Existing peers are sent with <c>update_only=true</c>, so a peer removed behind our back is
    /// not re-created with only part of its config.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteSet(DevicePlan plan, StringBuilder text)
    {
        if (plan.PrivateKey is { } privateKey)
        {
            text.Append("private_key=").Append(privateKey.ToHex()).Append('\n');
        }

        if (plan.ListenPort is { } port)
        {
            text.Append("listen_port=").Append(port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var peer in plan.Peers)
        {
            text.Append("public_key=").Append(peer.PublicKey.ToHex()).Append('\n');
            switch (peer.Kind)
            {
                case PeerPlanKind.Remove:
                    text.Append("remove=true\n");
                    continue;
                case PeerPlanKind.Update:
                    text.Append("update_only=true\n");
                    break;
            }

            if (peer.Endpoint is { } endpoint)
            {
                text.Append("endpoint=").Append(FormatEndpoint(endpoint)).Append('\n');
            }

            if (peer.PersistentKeepalive is { } keepalive)
            {
                text.Append("persistent_keepalive_interval=")
                    .Append(((int)keepalive.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            if (peer.ReplaceAllowedIps)
            {
                text.Append("replace_allowed_ips=true\n");
            }

            AppendAllowedIps(text, "allowed_ip=", peer.AddedAllowedIps);
            AppendAllowedIps(text, "allowed_ip=-", peer.RemovedAllowedIps);
        }
    }

    /// <summary><c>1.2.3.4:51820</c> or <c>[2001:db8::1]:51820</c>.</summary>
    public static string FormatEndpoint(IPEndPoint endpoint) => endpoint.ToString();

    /// <summary>
    /// Parses a <c>get=1</c> reply, from its first line up to and including <c>errno=N</c>.
    /// </summary>
    /// <exception cref="UapiException">The reply carries a non-zero errno, or is malformed.</exception>
    public static UapiConfiguration ParseGet(string interfaceName, ReadOnlySpan<char> reply)
    {
        WireGuardKey? privateKey = null;
        int listenPort = 0, fwmark = 0;
        int? errno = null;
        var peers = new List<UapiPeer>();
        PeerBuilder? peer = null;
        var lineNumber = 0;
        foreach (var range in reply.Split('\n'))
        {
            var line = reply[range];
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }

            if (errno is not null)
            {
                throw Malformed(interfaceName, "get", $"line {lineNumber} after errno");
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw Malformed(interfaceName, "get", $"line {lineNumber} is not key=value: '{Shorten(line)}'");
            }

            var key = line[..equals];
            var value = line[(equals + 1)..];
            var ok = true;
            switch (key)
            {
                case "errno":
                    ok = int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n);
                    errno = Math.Abs(n);
                    break;
                case "public_key":
                    if (peer is not null)
                    {
                        peers.Add(peer.Build());
                    }

                    ok = WireGuardKey.TryParseHex(value, out var publicKey);
                    peer = new PeerBuilder(publicKey);
                    break;
                case "private_key" when peer is null:
                    ok = WireGuardKey.TryParseHex(value, out var parsedPrivateKey);
                    privateKey = parsedPrivateKey.IsZero ? null : parsedPrivateKey;
                    break;
                case "listen_port" when peer is null:
                    ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out listenPort) && listenPort <= ushort.MaxValue;
                    break;
                case "fwmark" when peer is null:
                    ok = uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mark);
                    fwmark = unchecked((int)mark);
                    break;
                default:
                    // A key from a newer implementation: skip it, as the protocol asks of readers.
                    ok = peer is null || peer.TryAdd(key, value);
                    break;
            }

            if (!ok)
            {
                throw Malformed(interfaceName, "get", $"line {lineNumber} has a bad value: '{Shorten(line)}'");
            }
        }

        if (errno is null)
        {
            throw Malformed(interfaceName, "get", "the reply has no errno line");
        }

        if (errno != 0)
        {
            throw new UapiException(interfaceName, "get", errno.Value);
        }

        if (peer is not null)
        {
            peers.Add(peer.Build());
        }

        return new UapiConfiguration(privateKey, listenPort, fwmark, peers);
    }

    /// <summary>Reads the <c>errno=N</c> reply to a <c>set=1</c>; returns N (positive), throws if malformed.</summary>
    public static int ParseErrno(string interfaceName, string operation, ReadOnlySpan<char> reply)
    {
        var line = reply.TrimEnd('\n');
        if (!line.StartsWith("errno=", StringComparison.Ordinal)
            || line.Contains('\n')
            || !int.TryParse(line["errno=".Length..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var errno))
        {
            throw Malformed(interfaceName, operation, $"expected errno=N, got '{Shorten(line)}'");
        }

        return Math.Abs(errno);
    }

    internal static void AppendPrefix(StringBuilder text, IPNetwork prefix)
    {
        Span<char> buffer = stackalloc char[64];
        if (prefix.TryFormat(buffer, out var written))
        {
            text.Append(buffer[..written]);
        }
        else
        {
            text.Append(prefix.ToString());
        }
    }

    /// <summary>One <c>KEY PREFIX</c> line per prefix, each formatted into one stack buffer and appended at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendAllowedIps(StringBuilder text, string key, IReadOnlyList<IPNetwork> prefixes)
    {
        if (prefixes.Count == 0)
        {
            return;
        }

        // The longest IPv6 prefix is 43 characters ("ffff:...:ffff/128", or the IPv4-suffixed form of 45 + 4).
        Span<char> line = stackalloc char[128];
        key.CopyTo(line);
        if (prefixes is List<IPNetwork> list)
        {
            foreach (var prefix in CollectionsMarshal.AsSpan(list))
            {
                AppendLine(text, line, key.Length, prefix);
            }
        }
        else
        {
            for (var i = 0; i < prefixes.Count; i++)
            {
                AppendLine(text, line, key.Length, prefixes[i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AppendLine(StringBuilder text, Span<char> line, int keyLength, IPNetwork prefix)
    {
        if (prefix.TryFormat(line[keyLength..^1], out var written))
        {
            line[keyLength + written] = '\n';
            text.Append(line[..(keyLength + written + 1)]);
        }
        else
        {
            text.Append(line[..keyLength]).Append(prefix.ToString()).Append('\n');
        }
    }

    private static UapiException Malformed(string interfaceName, string operation, string problem) =>
        new(interfaceName, operation, "malformed reply: " + problem);

    private static string Shorten(ReadOnlySpan<char> line) => line.Length <= 80 ? line.ToString() : line[..80].ToString() + "…";

    private sealed class PeerBuilder(WireGuardKey publicKey)
    {
        private readonly HashSet<IPNetwork> _allowedIps = [];
        private IPEndPoint? _endpoint;
        private int _keepalive;
        private long _handshakeSeconds;
        private long _handshakeNanoseconds;
        private long _rx;
        private long _tx;
        private int _protocolVersion;
        private bool _hasPresharedKey;

        public bool TryAdd(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
        {
            switch (key)
            {
                case "allowed_ip":
                    if (!IPNetwork.TryParse(value, out var prefix))
                    {
                        return false;
                    }

                    _allowedIps.Add(prefix);
                    return true;
                case "endpoint":
                    return IPEndPoint.TryParse(value, out _endpoint) && _endpoint.Port != 0;
                case "persistent_keepalive_interval":
                    return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _keepalive) && _keepalive <= ushort.MaxValue;
                case "last_handshake_time_sec":
                    return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _handshakeSeconds);
                case "last_handshake_time_nsec":
                    return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _handshakeNanoseconds)
                        && _handshakeNanoseconds < 1_000_000_000;
                case "rx_bytes":
                    return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _rx);
                case "tx_bytes":
                    return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _tx);
                case "protocol_version":
                    return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _protocolVersion);
                case "preshared_key":
                    if (!WireGuardKey.TryParseHex(value, out var psk))
                    {
                        return false;
                    }

                    _hasPresharedKey = !psk.IsZero;
                    return true;
                default:
                    return true;
            }
        }

        public UapiPeer Build()
        {
            DateTimeOffset? handshake = _handshakeSeconds == 0 && _handshakeNanoseconds == 0
                ? null
                : DateTimeOffset.FromUnixTimeSeconds(_handshakeSeconds).AddTicks(_handshakeNanoseconds / 100);
            return new UapiPeer(
                publicKey, _allowedIps, _endpoint, _keepalive == 0 ? null : TimeSpan.FromSeconds(_keepalive), handshake,
                _rx, _tx, _protocolVersion, _hasPresharedKey);
        }
    }
}
