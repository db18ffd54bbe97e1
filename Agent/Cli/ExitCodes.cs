namespace Babelwire.Agent.Cli;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The agent failed at run time (port taken, state directory unwritable); the log says why.</summary>
    public const int Failure = 1;

    public const int BadConfiguration = 2;

    /// <summary><c>status</c>: no agent answers on the socket.</summary>
    public const int NotRunning = 3;
}
