namespace Babelwire.Agent.ControlPlane;

/// <summary>The controller could not be reached or failed (a 5xx, a timeout, a malformed answer): worth retrying.</summary>
public sealed class ControllerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
