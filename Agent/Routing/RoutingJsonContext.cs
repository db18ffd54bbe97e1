using System.Text.Json.Serialization;

namespace Babelwire.Agent.Routing;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class RoutingJsonContext : JsonSerializerContext;
