using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// A state report with malformed items; nothing of it was applied. A <see cref="HubException"/>, so that SignalR hands
/// the message to the reporting agent as the error of its call.
/// </summary>
public sealed class InvalidAgentStateException(IReadOnlyList<string> errors)
    : HubException("State report rejected, nothing applied: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
