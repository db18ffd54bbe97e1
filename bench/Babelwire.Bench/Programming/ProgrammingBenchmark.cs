using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Bench.Programming;

/// <summary>
/// AllowedIPs programming into wireguard-go through <see cref="UapiWireGuardDevice"/>: N prefixes spread over five
/// peers in one <c>ApplyAsync</c> (clock around the call: diff, UAPI text, wireguard-go applying it; the desired
/// sets are built before), against 1,000 single-prefix <c>ApplyAsync</c> calls; then what a one-route add and a
/// one-route withdrawal send on a device holding 10,000 prefixes, from the device's own counters (transactions, the
/// last plan), checked against a read of the device.
/// </summary>
internal static class ProgrammingBenchmark
{
    private const string Benchmark = "AllowedIPs into wireguard-go";
    private const int Repeats = 3;
    private const int SingleChanges = 1_000;

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(IReadOnlyList<int> sizes, CancellationToken cancellationToken)
    {
        var rows = new List<BenchRow>();
        foreach (var size in sizes)
        {
            Console.Error.WriteLine($"bench: AllowedIPs programming, {size} prefixes in one ApplyAsync, {Repeats} runs");
            var times = new List<TimeSpan>();
            for (var run = 0; run < Repeats; run++)
            {
                await using var target = await ProgrammingTarget.StartAsync(cancellationToken);
                times.Add(await BatchAsync(target, size, cancellationToken));
            }

            times.Sort();
            var median = times[Repeats / 2];
            rows.Add(new BenchRow(
                Benchmark, string.Create(CultureInfo.InvariantCulture, $"UapiWireGuardDevice, {size:N0} prefixes / 5 peers, one ApplyAsync"),
                $"prefixes/s, median of {Repeats} (time)",
                string.Create(CultureInfo.InvariantCulture,
                    $"{size / median.TotalSeconds:N0}/s ({median.TotalMilliseconds:F1} ms; runs {string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)))} ms)"),
                ">= 500,000/s"));
        }

        foreach (var size in sizes)
        {
            var times = new List<TimeSpan>();
            for (var run = 0; run < Repeats; run++)
            {
                await using var target = await ProgrammingTarget.StartAsync(cancellationToken);
                times.Add(await RawAsync(target, size, cancellationToken));
            }

            times.Sort();
            var median = times[Repeats / 2];
            rows.Add(new BenchRow(
                Benchmark, string.Create(CultureInfo.InvariantCulture, $"raw UAPI set, text prepared, {size:N0} prefixes / 5 peers (reference)"),
                $"prefixes/s, median of {Repeats} (time)",
                string.Create(CultureInfo.InvariantCulture,
                    $"{size / median.TotalSeconds:N0}/s ({median.TotalMilliseconds:F1} ms; runs {string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)))} ms)"),
                "wireguard-go's own ceiling"));
        }

        foreach (var size in sizes)
        {
            var (plan, text, commit) = ModelOnly(size);
            rows.Add(new BenchRow(
                Benchmark, string.Create(CultureInfo.InvariantCulture, $"device's own share, {size:N0} prefixes / 5 peers, no socket"),
                "DeviceModel.Plan / UapiText.WriteSet / Commit",
                string.Create(CultureInfo.InvariantCulture, $"{plan.TotalMilliseconds:F1} / {text.TotalMilliseconds:F1} / {commit.TotalMilliseconds:F1} ms"),
                "(breakdown)"));
        }

        Console.Error.WriteLine($"bench: AllowedIPs programming, {SingleChanges} single-prefix ApplyAsync calls");
        await using (var target = await ProgrammingTarget.StartAsync(cancellationToken))
        {
            var (elapsed, transactions) = await SinglesAsync(target, cancellationToken);
            rows.Add(new BenchRow(
                Benchmark, string.Create(CultureInfo.InvariantCulture, $"UapiWireGuardDevice, {SingleChanges:N0} single-prefix ApplyAsync calls"),
                "prefixes/s (transactions)",
                string.Create(CultureInfo.InvariantCulture, $"{SingleChanges / elapsed.TotalSeconds:N0}/s ({elapsed.TotalMilliseconds:F0} ms, {transactions:N0} transactions)"),
                "compare with batched"));
        }

        Console.Error.WriteLine("bench: AllowedIPs programming, one-route changes on a 10,000-prefix device");
        await using (var target = await ProgrammingTarget.StartAsync(cancellationToken))
        {
            rows.AddRange(await OneRouteChangesAsync(target, cancellationToken));
        }

        return rows;
    }

    private static IPNetwork Prefix(int index) => IPNetwork.Parse(FullTable.Prefix(index));

    /// <summary>The desired config: prefix i goes to peer i mod 5.</summary>
    private static DeviceConfig Spread(ProgrammingTarget target, int count)
    {
        var sets = target.Peers.Select(_ => new HashSet<IPNetwork>(count / ProgrammingTarget.PeerCount + 1)).ToArray();
        for (var i = 0; i < count; i++)
        {
            sets[i % ProgrammingTarget.PeerCount].Add(Prefix(i));
        }

        return new DeviceConfig([.. target.Peers.Select((p, i) => new PeerConfig(p, sets[i]))]);
    }

    private static async Task<TimeSpan> BatchAsync(ProgrammingTarget target, int count, CancellationToken cancellationToken)
    {
        var desired = Spread(target, count);
        var before = target.Device.Transactions;
        var clock = Stopwatch.StartNew();
        await target.Device.ApplyAsync(desired, cancellationToken);
        var elapsed = clock.Elapsed;
        var sent = target.Device.Transactions - before;
        var state = await target.Device.ReadAsync(cancellationToken);
        var held = state.Peers.Sum(p => p.AllowedIps.Count);
        return sent == 1 && held == count
            ? elapsed
            : throw new InvalidOperationException($"batch of {count}: {sent} transactions, device holds {held} allowed IPs");
    }

    /// <summary>
    /// The same batch as UAPI text built before the clock starts, sent over a fresh <see cref="UapiClient"/>: what
    /// wireguard-go itself takes, so that the device's own share (diff and text) can be read off the batched row.
    /// </summary>
    private static async Task<TimeSpan> RawAsync(ProgrammingTarget target, int count, CancellationToken cancellationToken)
    {
        var desired = Spread(target, count);
        var body = new StringBuilder(count * 40);
        foreach (var peer in desired.Peers)
        {
            body.Append("public_key=").Append(peer.PublicKey.ToHex()).Append("\nupdate_only=true\n");
            foreach (var prefix in peer.AllowedIps)
            {
                body.Append("allowed_ip=").Append(prefix.ToString()).Append('\n');
            }
        }

        await using var client = new UapiClient(target.Device.InterfaceName);
        await client.GetAsync(cancellationToken); // connected before the clock starts
        var clock = Stopwatch.StartNew();
        await client.SetAsync(body, cancellationToken);
        var elapsed = clock.Elapsed;
        var held = (await client.GetAsync(cancellationToken)).Peers.Sum(p => p.AllowedIps.Count);
        return held == count ? elapsed : throw new InvalidOperationException($"raw batch of {count}: device holds {held} allowed IPs");
    }

    /// <summary>The device's steps of one batch without wireguard-go: diff against an empty five-peer model, UAPI text, commit.</summary>
    private static (TimeSpan Plan, TimeSpan Text, TimeSpan Commit) ModelOnly(int count)
    {
        WireGuardKey[] peers = [.. Enumerable.Range(0, ProgrammingTarget.PeerCount).Select(_ => WireGuardKey.GeneratePrivateKey().DerivePublicKey())];
        var model = DeviceModel.FromState(null, 0, peers.Select(p => new PeerState(p, new HashSet<IPNetwork>(), null, null, null, 0, 0)));
        var sets = peers.Select(_ => new HashSet<IPNetwork>()).ToArray();
        for (var i = 0; i < count; i++)
        {
            sets[i % peers.Length].Add(Prefix(i));
        }

        var desired = new DeviceConfig([.. peers.Select((p, i) => new PeerConfig(p, sets[i]))]);
        var clock = Stopwatch.StartNew();
        var plan = model.Plan(desired, AllowedIpRemoval.Replace);
        var planned = clock.Elapsed;
        var text = new StringBuilder(64 + (plan.AllowedIpLineCount * 32));
        UapiText.WriteSet(plan, text);
        var written = clock.Elapsed;
        model.Commit(plan);
        return (planned, written - planned, clock.Elapsed - written);
    }

    private static async Task<(TimeSpan Elapsed, long Transactions)> SinglesAsync(ProgrammingTarget target, CancellationToken cancellationToken)
    {
        var sets = target.Peers.Select(_ => new HashSet<IPNetwork>()).ToArray();
        var before = target.Device.Transactions;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < SingleChanges; i++)
        {
            var peer = i % ProgrammingTarget.PeerCount;
            sets[peer].Add(Prefix(i));
            // Desired state for the one peer that changes; the device is handed a copy it may keep.
            await target.Device.ApplyAsync(new DeviceConfig([new PeerConfig(target.Peers[peer], sets[peer].ToHashSet())]), cancellationToken);
        }

        var elapsed = clock.Elapsed;
        var sent = target.Device.Transactions - before;
        var held = (await target.Device.ReadAsync(cancellationToken)).Peers.Sum(p => p.AllowedIps.Count);
        return held == SingleChanges
            ? (elapsed, sent)
            : throw new InvalidOperationException($"{SingleChanges} single changes: device holds {held} allowed IPs");
    }

    private static async Task<IReadOnlyList<BenchRow>> OneRouteChangesAsync(ProgrammingTarget target, CancellationToken cancellationToken)
    {
        const int count = 10_000;
        var desired = Spread(target, count);
        await target.Device.ApplyAsync(desired, cancellationToken);
        var peer = desired.Peers[0];
        var added = Prefix(count);
        var rows = new List<BenchRow>();

        // One new route via peer 0: the caller hands the whole desired config; only peer 0 may be sent.
        var grown = new PeerConfig(peer.PublicKey, peer.AllowedIps.Append(added).ToHashSet());
        rows.Add(await OneChangeAsync(
            target, desired with { Peers = [grown, .. desired.Peers.Skip(1)] }, "one-route add, whole config passed", cancellationToken));

        // The same route withdrawn; the first removal probes allowed_ip=-P (extra transactions), so withdraw twice.
        await target.Device.ApplyAsync(desired, cancellationToken);
        await target.Device.ApplyAsync(desired with { Peers = [grown, .. desired.Peers.Skip(1)] }, cancellationToken);
        rows.Add(await OneChangeAsync(target, desired, "one-route withdrawal, whole config passed", cancellationToken));
        return rows;
    }

    private static async Task<BenchRow> OneChangeAsync(
        ProgrammingTarget target, DeviceConfig desired, string what, CancellationToken cancellationToken)
    {
        var before = target.Device.ApplyTransactions;
        var beforeAll = target.Device.Transactions;
        var clock = Stopwatch.StartNew();
        await target.Device.ApplyAsync(desired, cancellationToken);
        var elapsed = clock.Elapsed;
        var plan = target.Device.LastPlan;
        var sent = target.Device.ApplyTransactions - before;
        var sentInAll = target.Device.Transactions - beforeAll;
        var state = await target.Device.ReadAsync(cancellationToken);
        var matches = desired.Peers.All(p => state.Peers.Single(s => s.PublicKey == p.PublicKey).AllowedIps.SetEquals(p.AllowedIps));
        var value = FormattableString.Invariant(
            $"{plan.Peers.Count} peer(s), {sent} set transaction(s) ({sentInAll} in all), ")
            + FormattableString.Invariant(
                $"{plan.AllowedIpLineCount:N0} allowed_ip line(s), {elapsed.TotalMilliseconds:F1} ms; removal mode {target.Device.Removal?.ToString() ?? "not probed"}")
            + (matches ? "; device read back matches" : "; DEVICE READ BACK DIFFERS");
        return new BenchRow(Benchmark, "UapiWireGuardDevice, 10,000 prefixes / 5 peers: " + what, "what was sent", value, "1 peer, 1 transaction");
    }
}
