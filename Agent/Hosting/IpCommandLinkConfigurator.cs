using System.Diagnostics;
using System.Globalization;
using Babelwire.Agent.Netlink;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// <see cref="ILinkConfigurator"/> over the <c>ip</c> tool and /proc: the stand-in until the rtnetlink link
/// configurator is merged. addr_gen_mode is set to none before the addresses, IPv6 addresses are added with
/// <c>nodad</c> (the derived link-local is unique by construction, and a tentative one could not be sent from), and
/// link-local addresses other than the wanted ones are removed.
/// </summary>
public sealed class IpCommandLinkConfigurator : ILinkConfigurator
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    public async Task<int> ConfigureAsync(LinkConfig desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var name = desired.Name;
        if (desired.DisableAddressGeneration)
            await File.WriteAllTextAsync($"/proc/sys/net/ipv6/conf/{name}/addr_gen_mode", "1", cancellationToken).ConfigureAwait(false);
        await RunAsync(["link", "set", "dev", name, "mtu", desired.Mtu.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);

        var wantedLinkLocal = desired.Addresses.Where(a => a.Address.IsIPv6LinkLocal).Select(a => $"{a.Address}/{a.PrefixLength}").ToHashSet();
        var present = await RunAsync(["-o", "-6", "addr", "show", "dev", name, "scope", "link"], cancellationToken).ConfigureAwait(false);
        foreach (var line in present.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "5: wg0    inet6 fe80::1/64 scope link ..."
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(fields, "inet6");
            if (at >= 0 && at + 1 < fields.Length && !wantedLinkLocal.Contains(fields[at + 1]))
                await RunAsync(["-6", "addr", "del", fields[at + 1], "dev", name], cancellationToken).ConfigureAwait(false);
        }
        foreach (var a in desired.Addresses)
        {
            List<string> args = ["addr", "replace", $"{a.Address}/{a.PrefixLength}", "dev", name];
            if (a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
                args.Add("nodad");
            await RunAsync([.. args], cancellationToken).ConfigureAwait(false);
        }
        await RunAsync(["link", "set", "dev", name, "up"], cancellationToken).ConfigureAwait(false);
        var index = await File.ReadAllTextAsync($"/sys/class/net/{name}/ifindex", cancellationToken).ConfigureAwait(false);
        return int.Parse(index.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new IOException("cannot start ip");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new IOException($"ip {string.Join(' ', arguments)} failed: {(await error.ConfigureAwait(false)).Trim()}");
        return await output.ConfigureAwait(false);
    }
}
