using System.Net;

namespace Babelwire.Controller.Data.Model;

/// <summary>An enrolled host: one WireGuard public key, its overlay addresses and its hub credential.</summary>
public sealed class Node
{
    public Guid Id { get; set; }

    /// <summary>Unique; from the agent's host name, suffixed when taken.</summary>
    public required string Name { get; set; }

    /// <summary>WireGuard public key, base64; unique.</summary>
    public required string PublicKey { get; set; }

    /// <summary>The fe80::/64 address derived from the public key; peers carry it in AllowedIPs.</summary>
    public required IPAddress LinkLocal { get; set; }

    public required IPAddress OverlayIPv6 { get; set; }

    public required IPAddress OverlayIPv4 { get; set; }

    /// <summary>Underlay endpoints ("192.0.2.1:51820"), most preferred first.</summary>
    public List<string> Endpoints { get; set; } = [];

    public List<string> Tags { get; set; } = [];

    public NodeStatus Status { get; set; } = NodeStatus.Active;

    /// <summary>SHA-256 of the hub credential's secret part; the secret itself is never stored.</summary>
    public required byte[] HubCredentialHash { get; set; }

    public Guid? EnrolmentTokenId { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public string? AgentVersion { get; set; }

    /// <summary>PostgreSQL's xmin, for optimistic concurrency.</summary>
    public uint Version { get; set; }
}
