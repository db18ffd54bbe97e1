using System.Collections.Concurrent;
using Babelwire.Controller.Services;
using Babelwire.Shared.Mesh;

namespace Babelwire.Controller.Tests.Enrolment;

/// <summary>Records what the controller tells the (not yet written) hub.</summary>
public sealed class RecordingMeshChangeNotifier : IMeshChangeNotifier
{
    public ConcurrentQueue<Guid> ChangedNodes { get; } = new();

    public ConcurrentQueue<MeshSettingsDto> Settings { get; } = new();

    public Task NodeChangedAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        ChangedNodes.Enqueue(nodeId);
        return Task.CompletedTask;
    }

    public Task NodeRemovedAsync(Guid nodeId, string publicKey, string reason, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SettingsChangedAsync(MeshSettingsDto settings, CancellationToken cancellationToken)
    {
        Settings.Enqueue(settings);
        return Task.CompletedTask;
    }
}
