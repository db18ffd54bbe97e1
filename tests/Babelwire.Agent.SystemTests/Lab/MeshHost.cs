using System.Net;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// One host of a <see cref="WireGuardMeshLab"/>: a namespace with its underlay links, a WireGuard interface name
/// unique on the machine, a key pair, and its overlay addresses (<see cref="Number"/> counts from 1).
/// </summary>
public sealed record MeshHost(string Name, int Number, NetNamespace Namespace, string WireGuardInterface, WireGuardKeyPair Keys)
{
    public const int ListenPort = 51820;

    /// <summary>The host's overlay /128: <c>2001:db8:ff::N</c>.</summary>
    public IPAddress OverlayIPv6 => IPAddress.Parse($"2001:db8:ff::{Number:x}");

    /// <summary>The host's overlay /32: <c>198.18.0.N</c>.</summary>
    public IPAddress OverlayIPv4 => IPAddress.Parse($"198.18.0.{Number}");

    public string OverlayIPv6Prefix => $"{OverlayIPv6}/128";

    public string OverlayIPv4Prefix => $"{OverlayIPv4}/32";

    /// <summary>The link-local address the lab gives the WireGuard interface when it configures it itself: <c>fe80::N</c>.</summary>
    public IPAddress LabLinkLocal => IPAddress.Parse($"fe80::{Number:x}");

    public override string ToString() => Name;
}
