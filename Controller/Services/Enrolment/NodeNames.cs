using System.Text;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>Node names are DNS labels (RFC 1123 §2.1: letters, digits, hyphens, 1-63 characters, no hyphen at either end).</summary>
public static class NodeNames
{
    public const int MaxLabelLength = 63;
    public const int MaxHostnameLength = 253;
    public const string Fallback = "node";

    /// <summary>The first label of the host name, lower-cased, other characters turned into hyphens; null when the host name is empty or too long.</summary>
    public static string? FromHostname(string? hostname)
    {
        if (string.IsNullOrWhiteSpace(hostname) || hostname.Length > MaxHostnameLength)
        {
            return null;
        }
        var first = hostname.Trim().Split('.')[0];
        var label = new StringBuilder(first.Length);
        foreach (var c in first.ToLowerInvariant())
        {
            var ok = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
            if (ok)
            {
                label.Append(c);
            }
            else if (label.Length > 0 && label[^1] != '-')
            {
                label.Append('-');
            }
        }
        var name = label.ToString().Trim('-');
        if (name.Length > MaxLabelLength)
        {
            name = name[..MaxLabelLength].TrimEnd('-');
        }
        return name.Length == 0 ? Fallback : name;
    }

    /// <summary><paramref name="name"/> itself, or with the lowest suffix "-2", "-3", … not in <paramref name="taken"/>, shortened to stay a label.</summary>
    public static string MakeUnique(string name, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(name))
        {
            return name;
        }
        for (var n = 2; ; n++)
        {
            var suffix = $"-{n}";
            var candidate = name[..Math.Min(name.Length, MaxLabelLength - suffix.Length)].TrimEnd('-') + suffix;
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    public static bool IsLabel(string text) =>
        text.Length is > 0 and <= MaxLabelLength && text[0] != '-' && text[^1] != '-'
        && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>A host name (RFC 1123): dot-separated labels, letters of either case, at most 253 characters.</summary>
    public static bool IsDnsName(string text) =>
        text.Length is > 0 and <= MaxHostnameLength && text.Split('.').All(l => IsLabel(l.ToLowerInvariant()));
}
