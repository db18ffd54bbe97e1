using Babelwire.Shared.Api;

namespace Babelwire.Web.Services;

/// <summary>How the dashboard shows a node: disabled (by an admin) wins over offline (its agent not connected).</summary>
public static class NodeStates
{
    public const string Online = "online";
    public const string Offline = "offline";
    public const string Disabled = "disabled";

    public static IReadOnlyList<string> All { get; } = [Online, Offline, Disabled];

    public static string Of(NodeDto node) =>
        string.Equals(node.Status, "disabled", StringComparison.OrdinalIgnoreCase) ? Disabled
        : node.Online ? Online
        : Offline;
}
