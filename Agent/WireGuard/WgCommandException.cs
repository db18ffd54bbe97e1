namespace Babelwire.Agent.WireGuard;

/// <summary>A <c>wg</c> command could not be run or failed; the message carries its error output.</summary>
public sealed class WgCommandException(string message, Exception? inner = null) : Exception(message, inner);
