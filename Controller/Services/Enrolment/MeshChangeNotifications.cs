using Babelwire.Shared.Mesh;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>
/// Calls the <see cref="IMeshChangeNotifier"/> (the agent hub) after a change is committed. A failing notifier is
/// logged and does not fail the request (the live view is told too, by <see cref="MeshChangeSignals"/>): the change is committed, and agents resync on their next connect.
/// </summary>
public sealed class MeshChangeNotifications(IMeshChangeNotifier notifier, MeshChangeSignals signals, ILogger<MeshChangeNotifications> logger)
{
    public Task NodeChangedAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        signals.NodeChanged(nodeId);
        return NotifyAsync(n => n.NodeChangedAsync(nodeId, cancellationToken));
    }

    public Task SettingsChangedAsync(MeshSettingsDto settings, CancellationToken cancellationToken) =>
        NotifyAsync(n => n.SettingsChangedAsync(settings, cancellationToken));

    private async Task NotifyAsync(Func<IMeshChangeNotifier, Task> notify)
    {
        try
        {
            await notify(notifier);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.NotifierFailed(e);
        }
    }
}
