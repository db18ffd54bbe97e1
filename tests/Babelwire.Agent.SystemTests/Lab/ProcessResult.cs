namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>The outcome of a short command: exit code and everything it printed.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() =>
        $"`{Command}` exited {ExitCode}\nstdout: {StandardOutput.TrimEnd()}\nstderr: {StandardError.TrimEnd()}";
}
