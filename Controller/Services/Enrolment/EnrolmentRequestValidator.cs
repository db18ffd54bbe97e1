using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Babelwire.Controller.Security;
using Babelwire.Shared;
using Babelwire.Shared.Enrolment;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>Checks an enrolment request field by field and brings it to canonical form; errors are keyed by JSON property name.</summary>
public static class EnrolmentRequestValidator
{
    public const int MaxEndpoints = 16;
    public const int MaxTokenLength = 200;
    public const int MaxAgentVersionLength = 64;

    private static readonly IPNetwork LinkLocalPrefix = IPNetwork.Parse("fe80::/64");

    public static bool TryValidate(EnrolmentRequest request, out ValidatedEnrolment? enrolment, out Dictionary<string, string[]> errors)
    {
        errors = [];
        enrolment = null;
        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > MaxTokenLength)
        {
            errors["token"] = [$"The enrolment token is required (at most {MaxTokenLength} characters)."];
        }
        if (!TryParsePublicKey(request.PublicKey, out var publicKey))
        {
            errors["publicKey"] = ["The public key must be the base64 of 32 bytes (a WireGuard key, 44 characters)."];
        }
        var nodeName = NodeNames.FromHostname(request.Hostname);
        if (nodeName is null)
        {
            errors["hostname"] = [$"The host name is required (at most {NodeNames.MaxHostnameLength} characters)."];
        }
        var endpoints = new List<string>();
        var endpointErrors = new List<string>();
        foreach (var endpoint in request.Endpoints ?? [])
        {
            if (!TryNormalizeEndpoint(endpoint, out var normalized))
            {
                endpointErrors.Add($"'{Truncate(endpoint)}' is not \"ip:port\", \"[ipv6]:port\" or \"hostname:port\" with a port from 1 to 65535 and a unicast address.");
            }
            else if (endpoints.Contains(normalized))
            {
                endpointErrors.Add($"'{normalized}' is listed twice.");
            }
            else
            {
                endpoints.Add(normalized);
            }
        }
        if (endpoints.Count > MaxEndpoints)
        {
            endpointErrors.Add($"At most {MaxEndpoints} endpoints.");
        }
        if (endpointErrors.Count > 0)
        {
            errors["endpoints"] = [.. endpointErrors];
        }
        if (!IPAddress.TryParse(request.LinkLocal ?? "", out var linkLocal) || linkLocal.AddressFamily != AddressFamily.InterNetworkV6
            || linkLocal.ScopeId != 0 || !LinkLocalPrefix.Contains(linkLocal))
        {
            errors["linkLocal"] = ["The link-local address must be an IPv6 address in fe80::/64, without a zone."];
        }
        if (request.AgentVersion is { Length: > MaxAgentVersionLength })
        {
            errors["agentVersion"] = [$"At most {MaxAgentVersionLength} characters."];
        }
        if (request.ProtocolVersion != ProtocolVersion.Current)
        {
            errors["protocolVersion"] = [$"This controller speaks protocol version {ProtocolVersion.Current}; the agent sent {request.ProtocolVersion}. Run an agent and a controller of matching versions."];
        }
        if (errors.Count > 0)
        {
            return false;
        }
        enrolment = new ValidatedEnrolment(SecretHash.Of(request.Token), publicKey!, nodeName!, endpoints, linkLocal!,
            string.IsNullOrWhiteSpace(request.AgentVersion) ? null : request.AgentVersion);
        return true;
    }

    /// <summary>A WireGuard key: base64 of exactly 32 bytes, returned in canonical (padded, 44-character) form.</summary>
    public static bool TryParsePublicKey(string? text, out string? canonical)
    {
        canonical = null;
        Span<byte> bytes = stackalloc byte[32];
        if (text is not { Length: 44 } || !Convert.TryFromBase64String(text, bytes, out var written) || written != 32)
        {
            return false;
        }
        canonical = Convert.ToBase64String(bytes);
        return canonical == text;
    }

    /// <summary>"192.0.2.1:51820", "[2001:db8::1]:51820" or "host.example:51820", lower-cased, addresses in canonical form.</summary>
    public static bool TryNormalizeEndpoint(string? text, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrEmpty(text) || text.Length > 260)
        {
            return false;
        }
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }
            host = text[1..close];
            port = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || v6.ScopeId != 0 || !IsUnicast(v6))
            {
                return false;
            }
            host = $"[{v6}]";
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':') != colon)
            {
                return false;
            }
            host = text[..colon];
            port = text[(colon + 1)..];
            if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
            {
                // Dotted quads only: IPAddress.TryParse would also take "1" or "1.2" as IPv4.
                if (host.Count(c => c == '.') != 3 || !IPAddress.TryParse(host, out var v4) || !IsUnicast(v4))
                {
                    return false;
                }
                host = v4.ToString();
            }
            else if (!NodeNames.IsDnsName(host))
            {
                return false;
            }
            else
            {
                host = host.ToLowerInvariant();
            }
        }
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit)
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            return false;
        }
        normalized = $"{host}:{number.ToString(CultureInfo.InvariantCulture)}";
        return true;
    }

    private static bool IsUnicast(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.Broadcast)
        && !address.IsIPv6Multicast && !(address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224);

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "…";
}
