using Babelwire.Agent.Status;
using Babelwire.Shared.Mesh;

namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// The control plane's shared state: the enrolment (once known), the link's phase and last error, the mesh
/// settings. Written by the enrolment service and the hub client, read by <c>status</c> on the engine loop.
/// </summary>
public sealed class ControlPlaneState(Uri controller, ControllerPeerSource peers, TimeProvider time) : IStatusContributor
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<StoredEnrolment> _enrolled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StoredEnrolment? _enrolment;
    private MeshSettingsDto? _settings;
    private ControlPlanePhase _phase = ControlPlanePhase.Enrolling;
    private DateTimeOffset? _since;
    private string? _lastError;

    public Uri Controller { get; } = controller;

    /// <summary>Completes once the agent has an enrolment (stored or new).</summary>
    public Task<StoredEnrolment> Enrolled => _enrolled.Task;

    public StoredEnrolment? Enrolment
    {
        get
        {
            lock (_gate)
                return _enrolment;
        }
    }

    public MeshSettingsDto? Settings
    {
        get
        {
            lock (_gate)
                return _settings;
        }
        set
        {
            lock (_gate)
                _settings = value;
        }
    }

    public ControlPlanePhase Phase
    {
        get
        {
            lock (_gate)
                return _phase;
        }
    }

    public string? LastError
    {
        get
        {
            lock (_gate)
                return _lastError;
        }
    }

    public void SetEnrolled(StoredEnrolment enrolment)
    {
        lock (_gate)
        {
            _enrolment = enrolment;
            _settings ??= enrolment.Response.Settings;
        }
        _enrolled.TrySetResult(enrolment);
    }

    /// <summary>Replaces the enrolment after a re-enrolment (fresh credential) while running.</summary>
    public void Reenrolled(StoredEnrolment enrolment)
    {
        lock (_gate)
            _enrolment = enrolment;
    }

    /// <summary>Moves to <paramref name="phase"/>; an error is kept until a phase without one (a success) clears it.</summary>
    public void Set(ControlPlanePhase phase, string? error = null)
    {
        lock (_gate)
        {
            if (phase != _phase)
                _since = time.GetUtcNow();
            _phase = phase;
            if (error is not null || phase == ControlPlanePhase.Connected)
                _lastError = error;
        }
    }

    public ControlPlaneReport Report()
    {
        lock (_gate)
        {
            var response = _enrolment?.Response;
            return new ControlPlaneReport(
                Controller.AbsoluteUri, Name(_phase), response?.NodeId, response?.NodeName, _phase == ControlPlanePhase.Connected, _since,
                peers.Version, peers.ControllerPeerCount, _lastError);
        }
    }

    public StatusReport Contribute(StatusReport report) => report with { ControlPlane = Report() };

    private static string Name(ControlPlanePhase phase) => phase switch
    {
        ControlPlanePhase.Enrolling => "enrolling",
        ControlPlanePhase.Connecting => "connecting",
        ControlPlanePhase.Connected => "connected",
        ControlPlanePhase.Away => "away",
        ControlPlanePhase.Refused => "refused",
        _ => "revoked",
    };
}
