using System.CommandLine;

namespace Babelwire.Agent.Cli;

public static class AgentCommandLine
{
    public static RootCommand Create() => new("babelwire-agent: the Babelwire mesh agent (Babel, RFC 8966)")
    {
        RunCommand.Create(),
        StatusCommand.Create(),
    };

    /// <summary>
    /// Signals are the host's (ConsoleLifetime stops it cleanly on SIGTERM and Ctrl+C), so System.CommandLine's own
    /// termination handling, which would abandon a shutdown after a timeout, is off.
    /// </summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        if (output is not null)
            configuration.Output = output;
        if (error is not null)
            configuration.Error = error;
        return Create().Parse(args).InvokeAsync(configuration);
    }
}
