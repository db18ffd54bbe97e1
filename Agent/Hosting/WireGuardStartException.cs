namespace Babelwire.Agent.Hosting;

/// <summary>The WireGuard interface cannot be created or found; the message is for the operator.</summary>
public sealed class WireGuardStartException(string message, Exception? inner = null) : Exception(message, inner);
