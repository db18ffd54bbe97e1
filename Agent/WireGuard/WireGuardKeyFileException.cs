namespace Babelwire.Agent.WireGuard;

/// <summary>The private key file cannot be used as it is; the message says what the operator should do.</summary>
public sealed class WireGuardKeyFileException(string message) : Exception(message);
