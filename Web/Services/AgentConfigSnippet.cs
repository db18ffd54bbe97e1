using System.Text;
using System.Text.Json;

namespace Babelwire.Web.Services;

/// <summary>
/// The agent configuration to paste on a new host with a fresh enrolment token: a <c>wireguard</c> section and a
/// <c>controller</c> section (see Agent/README.md, "Controller mode"), for <c>babelwire-agent run --config FILE</c>.
/// </summary>
public static class AgentConfigSnippet
{
    public static string Build(string controllerUrl, string token, string? nodeName)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("wireguard");
            json.WriteString("interface", "bw0");
            json.WriteNumber("listenPort", 51820);
            json.WriteEndObject();
            json.WriteStartObject("controller");
            json.WriteString("url", controllerUrl.TrimEnd('/'));
            json.WriteString("token", token);
            if (!string.IsNullOrWhiteSpace(nodeName))
                json.WriteString("nodeName", nodeName.Trim());
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
