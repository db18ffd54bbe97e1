namespace Babelwire.Agent.Hosting;

/// <summary>
/// What a relay needs from the kernel, as babeld sets it up: IPv4 and IPv6 forwarding on, and no ICMP redirects on
/// the WireGuard interface. A relayed packet leaves by the interface it came in on, so the kernel would tell the
/// sender to go to the next hop directly, which on a WireGuard interface is wrong (the next hop is a peer, chosen by
/// AllowedIPs, not an on-link host); accepting such a redirect would break the route.
/// </summary>
public static class ForwardingSysctls
{
    public static async Task ApplyAsync(string iface, CancellationToken cancellationToken)
    {
        (string Path, string Value)[] settings =
        [
            ("/proc/sys/net/ipv4/ip_forward", "1"),
            ("/proc/sys/net/ipv6/conf/all/forwarding", "1"),
            // send_redirects is OR'ed between "all" and the interface: both must be off.
            ("/proc/sys/net/ipv4/conf/all/send_redirects", "0"),
            ($"/proc/sys/net/ipv4/conf/{iface}/send_redirects", "0"),
            ($"/proc/sys/net/ipv4/conf/{iface}/accept_redirects", "0"),
            ($"/proc/sys/net/ipv6/conf/{iface}/accept_redirects", "0"),
        ];
        foreach (var (path, value) in settings)
            await File.WriteAllTextAsync(path, value, cancellationToken).ConfigureAwait(false);
    }
}
