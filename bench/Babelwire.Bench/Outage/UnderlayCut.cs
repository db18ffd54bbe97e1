using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Outage;

/// <summary>
/// Cuts one underlay link by dropping every packet in and out of one interface (nftables, table <c>inet bwcut</c>),
/// with the link itself left up: the routers must notice from missing Hellos, not from a carrier change.
/// </summary>
internal static class UnderlayCut
{
    public static Task CutAsync(NetNamespace ns, string interfaceName, CancellationToken cancellationToken) =>
        NetworkLab.ExecCheckedAsync(ns, "nft", ["-f", "-"], cancellationToken, standardInput:
            $$"""
            table inet bwcut {
              chain cut_in { type filter hook input priority 0; iifname "{{interfaceName}}" drop; }
              chain cut_out { type filter hook output priority 0; oifname "{{interfaceName}}" drop; }
              chain cut_forward { type filter hook forward priority 0; iifname "{{interfaceName}}" drop; oifname "{{interfaceName}}" drop; }
            }
            """);

    public static Task HealAsync(NetNamespace ns, CancellationToken cancellationToken) =>
        NetworkLab.ExecCheckedAsync(ns, "nft", ["delete", "table", "inet", "bwcut"], cancellationToken);
}
