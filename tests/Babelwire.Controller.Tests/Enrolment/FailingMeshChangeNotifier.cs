using Babelwire.Controller.Services;
using Babelwire.Shared.Mesh;

namespace Babelwire.Controller.Tests.Enrolment;

/// <summary>A hub that fails every push, as one whose agents' connections broke would.</summary>
public sealed class FailingMeshChangeNotifier : IMeshChangeNotifier
{
    public Task NodeChangedAsync(Guid nodeId, CancellationToken cancellationToken) => throw new InvalidOperationException("push failed");

    public Task NodeRemovedAsync(Guid nodeId, string publicKey, string reason, CancellationToken cancellationToken) => throw new InvalidOperationException("push failed");

    public Task SettingsChangedAsync(MeshSettingsDto settings, CancellationToken cancellationToken) => throw new InvalidOperationException("push failed");
}
