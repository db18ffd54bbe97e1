namespace Babelwire.Agent.WireGuard;

/// <summary>wireguard-go cannot be started or did not come up; the message says why and what to do.</summary>
public sealed class WireGuardGoException(string message) : Exception(message);
