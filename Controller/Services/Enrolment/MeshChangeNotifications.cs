using Babelwire.Shared.Mesh;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>
/// Calls the <see cref="IMeshChangeNotifier"/> after a change is committed. The notifier is resolved when needed,
/// so that the controller starts (and enrols) without one; its absence is logged once. A failing notifier is logged
/// and does not fail the request: the change is committed, and agents resync on their next connect.
/// </summary>
public sealed class MeshChangeNotifications(IServiceProvider services, ILogger<MeshChangeNotifications> logger)
{
    private static int _missingLogged;

    public Task NodeChangedAsync(Guid nodeId, CancellationToken cancellationToken) =>
        NotifyAsync(n => n.NodeChangedAsync(nodeId, cancellationToken));

    public Task SettingsChangedAsync(MeshSettingsDto settings, CancellationToken cancellationToken) =>
        NotifyAsync(n => n.SettingsChangedAsync(settings, cancellationToken));

    private async Task NotifyAsync(Func<IMeshChangeNotifier, Task> notify)
    {
        if (services.GetService<IMeshChangeNotifier>() is not { } notifier)
        {
            if (Interlocked.Exchange(ref _missingLogged, 1) == 0)
            {
                logger.NotifierMissing();
            }
            return;
        }
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
