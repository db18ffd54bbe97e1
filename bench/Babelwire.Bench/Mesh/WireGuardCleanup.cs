namespace Babelwire.Bench.Mesh;

/// <summary>
/// wireguard-go's UAPI sockets live in /var/run/wireguard, outside every namespace: one whose process was killed
/// outright stays behind. Deletes those of the given nodes (names unique to this run).
/// </summary>
internal static class WireGuardCleanup
{
    public static void DeleteSockets(IEnumerable<WireGuardNode> nodes)
    {
        foreach (var node in nodes)
        {
            File.Delete($"/var/run/wireguard/{node.InterfaceName}.sock");
        }
    }
}
