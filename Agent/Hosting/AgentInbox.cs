using System.Threading.Channels;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// The bounded channel that feeds the engine loop. Full means the loop is behind: writers wait, so the socket's
/// own (large) receive buffer absorbs the burst and nothing the loop has accepted is ever dropped.
/// </summary>
public sealed class AgentInbox
{
    public const int Capacity = 4096;

    private readonly Channel<AgentInput> _channel = Channel.CreateBounded<AgentInput>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public ChannelWriter<AgentInput> Writer => _channel.Writer;

    public ChannelReader<AgentInput> Reader => _channel.Reader;
}
