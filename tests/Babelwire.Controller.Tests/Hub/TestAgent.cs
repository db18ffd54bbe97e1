using System.Threading.Channels;
using Babelwire.Shared;
using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Microsoft.AspNetCore.SignalR.Client;

namespace Babelwire.Controller.Tests.Hub;

/// <summary>A simulated agent: a real SignalR client that records what the controller pushes to it.</summary>
public sealed class TestAgent : IAsyncDisposable
{
    private readonly Channel<PeerSetDeltaDto> _deltas = Channel.CreateUnbounded<PeerSetDeltaDto>();

    private TestAgent(Uri baseUri, string credential)
    {
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, ControlPlaneRoutes.AgentHub), o => o.AccessTokenProvider = () => Task.FromResult<string?>(credential))
            .Build();
        Connection.On<PeerSetDeltaDto>(nameof(IAgentClient.PeerSetChanged), d => _deltas.Writer.TryWrite(d));
        Connection.On<string>(nameof(IAgentClient.NodeRevoked), reason => Revoked.TrySetResult(reason));
        Connection.On<MeshSettingsDto>(nameof(IAgentClient.MeshSettingsChanged), s => SettingsChanged.TrySetResult(s));
        Connection.Closed += e =>
        {
            Closed.TrySetResult(e);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    public TaskCompletionSource<string> Revoked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<MeshSettingsDto> SettingsChanged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentSession? Session { get; private set; }

    public static async Task<TestAgent> StartAsync(Uri baseUri, string credential, CancellationToken cancellationToken)
    {
        var agent = new TestAgent(baseUri, credential);
        await agent.Connection.StartAsync(cancellationToken);
        return agent;
    }

    /// <summary>Starts the connection and opens the session.</summary>
    public static async Task<TestAgent> ConnectAsync(Uri baseUri, SeededNode node, CancellationToken cancellationToken, IReadOnlyList<string>? endpoints = null)
    {
        var agent = await StartAsync(baseUri, node.Credential, cancellationToken);
        await agent.HelloAsync(cancellationToken, endpoints: endpoints ?? ["192.0.2.1:51820"]);
        return agent;
    }

    public async Task<AgentSession> HelloAsync(CancellationToken cancellationToken, int protocolVersion = ProtocolVersion.Current,
        IReadOnlyList<string>? endpoints = null, string? knownPeerSetDigest = null)
    {
        Session = await Connection.InvokeAsync<AgentSession>(
            nameof(IAgentHub.Connect), new AgentHello(protocolVersion, "test-1.0", endpoints ?? ["192.0.2.1:51820"], knownPeerSetDigest), cancellationToken);
        return Session;
    }

    /// <summary>The next delta that matches, skipping others; bounded by <paramref name="timeout"/>.</summary>
    public async Task<PeerSetDeltaDto> WaitForDeltaAsync(Func<PeerSetDeltaDto, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            var delta = await _deltas.Reader.ReadAsync(cts.Token);
            if (match(delta))
            {
                return delta;
            }
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
