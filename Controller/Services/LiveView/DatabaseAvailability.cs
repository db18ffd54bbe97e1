namespace Babelwire.Controller.Services.LiveView;

/// <summary>
/// Whether PostgreSQL answers, as last seen by <see cref="DatabaseProbe"/> (every <see cref="LiveViewOptions.DatabaseProbeInterval"/>)
/// or by an administration command that failed or succeeded; a change wakes the live view.
/// </summary>
public sealed class DatabaseAvailability(MeshChangeSignals signals, ILogger<DatabaseAvailability> logger)
{
    private int _available = 1;

    public bool IsAvailable => Volatile.Read(ref _available) == 1;

    public void Report(bool available, string? reason = null)
    {
        if (Interlocked.Exchange(ref _available, available ? 1 : 0) == (available ? 1 : 0))
        {
            return;
        }
        if (available)
        {
            logger.DatabaseBack();
        }
        else
        {
            logger.DatabaseAway(reason ?? "unknown");
        }
        signals.Wake();
    }
}
