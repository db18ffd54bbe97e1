using Babelwire.Agent.Status;

namespace Babelwire.Agent.Tests.WireGuardHosting;

public sealed class WireGuardStatusFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);
    private const string KeyB = "w6KPCUBGSDaN0tbweYORRfkXc7QwlN66sb7M3C7KiAA=";

    private static StatusReport Report() => new(
        "02:00:00:00:00:00:00:01", 7, Now, new StatusSummary(1, 1, 1, 2, 2, 1),
        [new InterfaceReport("bw0", "wireguard", true, 4, 1420, "fe80::1")],
        [new NeighbourReport("bw0", "fe80::b", "ffff", "0000", 96, 96, 96, 1.5, KeyB, "192.0.2.2:51820", Now.AddSeconds(-75), 1536, 3 << 20)],
        [
            new RouteReport("2001:db8:b::/48", "02:00:00:00:00:00:00:02", "bw0", "fe80::b", 96, 0, 3, true, true, Programmed: true),
            new RouteReport("192.0.2.0/24", "02:00:00:00:00:00:00:02", "bw0", "fe80::b", 96, 0, 3, true, true, Programmed: false, Refused: "coversEndpoint"),
        ],
        [new AnnouncedReport("2001:db8:a::/48", 0)],
        new Dictionary<string, long>(),
        new WireGuardReport("bw0", "create", "wireguard-go", "IIAWascvKSUH3+BoFZKNJ8vrWROdE0ZITvsA1+KTV3I=", 51820, "fe80::1", 4,
            ["2001:db8:ff::1/128"],
            [new PeerReport(KeyB, "fe80::b", "192.0.2.2:51820", null, 0, 0, 2, 1, true)],
            Pending: true, LastError: "UAPI set failed"));

    [Fact]
    public void The_readable_status_shows_the_interface_its_peers_and_whether_each_route_is_programmed()
    {
        var lines = StatusFormatter.Full(Report()).Split('\n');

        Assert.Contains("WireGuard bw0 (wireguard-go, create)  public key IIAWascvKSUH3+BoFZKNJ8vrWROdE0ZITvsA1+KTV3I=  listen port 51820  link-local fe80::1", lines);
        Assert.Contains("  AllowedIPs: changes pending, last error: UAPI set failed", lines);
        var peer = Assert.Single(lines, l => l.StartsWith($"  {KeyB} ", StringComparison.Ordinal));
        Assert.Equal([KeyB, "fe80::b", "192.0.2.2:51820", "never", "0", "B", "0", "B", "2", "1", "yes"], peer.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var neighbour = Assert.Single(lines, l => l.StartsWith("  fe80::b ", StringComparison.Ordinal) && l.Contains("ffff", StringComparison.Ordinal));
        Assert.EndsWith($"{KeyB}  1m15s ago  1.50 KiB  3.00 MiB", neighbour, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("  2001:db8:b::/48", StringComparison.Ordinal) && l.EndsWith("  yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  192.0.2.0/24", StringComparison.Ordinal) && l.EndsWith("  no (coversEndpoint)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "0s ago")]
    [InlineData(59, "59s ago")]
    [InlineData(125, "2m05s ago")]
    [InlineData(7260, "2h01m ago")]
    public void Handshake_ages_read_as_wg_would_say_them(int seconds, string expected)
        => Assert.Equal(expected, StatusFormatter.Ago(Now.AddSeconds(-seconds), Now));

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.50 KiB")]
    [InlineData(5L << 30, "5.00 GiB")]
    public void Transfer_counters_read_in_binary_units(long bytes, string expected)
        => Assert.Equal(expected, StatusFormatter.Bytes(bytes));
}
