using System.Text;
using Babelwire.Agent.Configuration;
using Microsoft.Extensions.Configuration;

namespace Babelwire.Agent.Tests;

/// <summary>Binds a config given as JSON text through the same path the daemon uses.</summary>
internal static class ConfigText
{
    public const string MinimalInterface = """{ "name": "eth0" }""";

    public static AgentConfigResult Bind(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        return AgentConfiguration.Bind(configuration);
    }

    /// <summary>A config whose only interface is <paramref name="iface"/>, plus extra top-level members.</summary>
    public static AgentConfigResult BindWith(string iface = MinimalInterface, string topLevel = "")
        => Bind($$"""{ "interfaces": [ {{iface}} ] {{(topLevel.Length > 0 ? "," + topLevel : "")}} }""");
}
