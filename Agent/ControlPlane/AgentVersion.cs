using System.Reflection;

namespace Babelwire.Agent.ControlPlane;

internal static class AgentVersion
{
    /// <summary>The agent build's informational version (without the source revision suffix).</summary>
    public static string Current { get; } =
        (typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
