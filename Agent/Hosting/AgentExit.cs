namespace Babelwire.Agent.Hosting;

/// <summary>The process exit code: a service that must stop the agent records why before it stops the host.</summary>
public sealed class AgentExit
{
    private int _code;

    public int Code => Volatile.Read(ref _code);

    public void Fail(int code = 1) => Interlocked.CompareExchange(ref _code, code, 0);
}
