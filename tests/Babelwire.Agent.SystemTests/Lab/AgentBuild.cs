namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>Finds the agent's Release build, run as <c>dotnet PATH/babelwire-agent.dll</c>.</summary>
public static class AgentBuild
{
    private const string DllName = "babelwire-agent.dll";

    /// <summary>The command line that runs the agent with <paramref name="arguments"/>.</summary>
    public static (string File, string[] Arguments) CommandLine(string agentDll, params string[] arguments) =>
        ("dotnet", [agentDll, .. arguments]);

    public static string? FindAgentDll()
    {
        // Preferred: the agent's own Release output, found by walking up from the test assembly to the repository.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Babelwire.slnx")))
            {
                var own = Path.Combine(dir.FullName, "Agent", "bin", "Release", "net10.0", DllName);
                if (IsRunnable(own))
                {
                    return own;
                }

                break;
            }
        }

        // The project reference also copies it next to the test assembly.
        var copied = Path.Combine(AppContext.BaseDirectory, DllName);
        return IsRunnable(copied) ? copied : null;
    }

    private static bool IsRunnable(string dll) =>
        File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"));
}
