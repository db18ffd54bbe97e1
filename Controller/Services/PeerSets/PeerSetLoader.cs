namespace Babelwire.Controller.Services.PeerSets;

/// <summary>Reads the peer set once at start; registered after the database migration, so it runs after it.</summary>
public sealed class PeerSetLoader(PeerSetService peerSets) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => peerSets.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
