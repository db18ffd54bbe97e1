using System.Net;
using System.Text;
using System.Text.Json;

namespace Babelwire.Agent.ControlPlane;

/// <summary>One readable line from an error response: its problem details (RFC 9457) when it has them, else its status and body.</summary>
public static class ProblemText
{
    private const int MaxBody = 300;

    public static string Describe(HttpStatusCode status, string? mediaType, string body)
    {
        var head = $"{(int)status} {status}";
        if (mediaType is not null && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) && TryProblem(body, out var problem))
            return $"{head}: {problem}";
        var text = body.Trim();
        if (text.Length > MaxBody)
            text = text[..MaxBody] + "…";
        return text.Length == 0 ? head : $"{head}: {text}";
    }

    private static bool TryProblem(string body, out string text)
    {
        text = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return false;
            var parts = new StringBuilder();
            if (String(root, "title") is { } title)
                parts.Append(title);
            if (String(root, "detail") is { } detail)
                parts.Append(parts.Length > 0 ? ": " : "").Append(detail);
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array
                        ? string.Join(" ", field.Value.EnumerateArray().Select(m => m.ToString()))
                        : field.Value.ToString();
                    parts.Append(parts.Length > 0 ? "; " : "").Append(field.Name).Append(": ").Append(messages);
                }
            }
            text = parts.ToString();
            return text.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? String(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
