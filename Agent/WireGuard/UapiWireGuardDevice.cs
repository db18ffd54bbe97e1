using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// A userspace WireGuard interface (wireguard-go, boringtun) driven over its UAPI socket. <see cref="ApplyAsync"/>
/// diffs against what the device is known to hold (read on first use and after any failure) and sends the
/// difference in one <c>set=1</c> transaction; nothing at all when nothing changed.
/// </summary>
public sealed class UapiWireGuardDevice : IWireGuardDevice, IAsyncDisposable
{
    private readonly UapiClient _client;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DeviceModel? _known;

    /// <param name="removal">How to remove one allowed IP; null to probe the running implementation once.</param>
    public UapiWireGuardDevice(
        string interfaceName, ILogger? logger = null, string? socketDirectory = null, AllowedIpRemoval? removal = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _client = new UapiClient(interfaceName, _logger, socketDirectory);
        Removal = removal;
    }

    public string InterfaceName => _client.InterfaceName;

    /// <summary>How allowed IPs are removed; null until probed (on the first change that removes one).</summary>
    public AllowedIpRemoval? Removal { get; private set; }

    /// <summary>UAPI transactions sent so far, reads and the probe included.</summary>
    public long Transactions => _client.Transactions;

    /// <summary><c>set</c> transactions sent by <see cref="ApplyAsync"/>.</summary>
    public long ApplyTransactions { get; private set; }

    /// <summary>What the last <see cref="ApplyAsync"/> that sent anything sent.</summary>
    public DevicePlan LastPlan { get; private set; } = DevicePlan.Empty;

    public async Task<DeviceState> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var configuration = await ReadConfigurationAsync(cancellationToken);
            return configuration.ToDeviceState();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ApplyAsync(DeviceConfig desired, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_known is null)
            {
                await ReadConfigurationAsync(cancellationToken);
            }

            var known = _known!;
            var plan = known.Plan(desired, Removal ?? AllowedIpRemoval.Incremental);
            if (Removal is null && RemovesAllowedIps(plan))
            {
                Removal = await ProbeRemovalAsync(known, cancellationToken);
                plan = known.Plan(desired, Removal.Value);
            }

            if (plan.IsEmpty)
            {
                return;
            }

            // Per peer: public_key, update_only, endpoint, keepalive, replace lines; per allowed IP: one line.
            var body = new StringBuilder(64 + (plan.Peers.Count * 224) + (plan.AllowedIpLineCount * 36));
            UapiText.WriteSet(plan, body);
            try
            {
                await _client.SetAsync(body, cancellationToken);
            }
            catch (Exception e) when (e is UapiException or OperationCanceledException)
            {
                // Part of the transaction may have been applied: read the device again before the next change.
                _known = null;
                if (e is UapiException)
                {
                    Log.UapiTransactionFailed(_logger, "set", InterfaceName, e);
                }

                throw;
            }

            ApplyTransactions++;
            LastPlan = plan;
            known.Commit(plan);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Forgets what the device is known to hold, so the next change reads it first (another tool changed it).
    /// </summary>
    public void Invalidate() => _known = null;

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task<UapiConfiguration> ReadConfigurationAsync(CancellationToken cancellationToken)
    {
        try
        {
            var configuration = await _client.GetAsync(cancellationToken);
            _known = DeviceModel.FromConfiguration(configuration);
            Log.DeviceReread(_logger, InterfaceName, configuration.Peers.Count, configuration.Peers.Sum(p => p.AllowedIps.Count));
            return configuration;
        }
        catch
        {
            _known = null;
            throw;
        }
    }

    /// <summary>
    /// Asks the running implementation whether it takes <c>allowed_ip=-P</c>: on a throwaway peer (a fresh key,
    /// no endpoint, so it never sends) holding one random fd00::/8 /128 that no peer holds, remove that prefix and
    /// read it back. Old implementations refuse the line (and abort the transaction); the peer is removed either way.
    /// </summary>
    private async Task<AllowedIpRemoval> ProbeRemovalAsync(DeviceModel known, CancellationToken cancellationToken)
    {
        var probe = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var prefix = UnusedProbePrefix(known);
        var hex = probe.ToHex();
        var supported = false;
        try
        {
            await _client.SetAsync(new StringBuilder($"public_key={hex}\nreplace_allowed_ips=true\nallowed_ip={prefix}\n"), cancellationToken);
            try
            {
                await _client.SetAsync(new StringBuilder($"public_key={hex}\nupdate_only=true\nallowed_ip=-{prefix}\n"), cancellationToken);
                var after = await _client.GetAsync(cancellationToken);
                supported = after.Peers.Any(p => p.PublicKey == probe && !p.AllowedIps.Contains(prefix));
            }
            catch (UapiException e) when (e.Errno is not null)
            {
                supported = false;
            }
        }
        finally
        {
            try
            {
                await _client.SetAsync(new StringBuilder($"public_key={hex}\nremove=true\n"), CancellationToken.None);
            }
            catch (UapiException e)
            {
                Log.ProbeCleanupFailed(_logger, InterfaceName, probe, e);
                _known = null;
            }
        }

        var mode = supported ? AllowedIpRemoval.Incremental : AllowedIpRemoval.Replace;
        Log.AllowedIpRemovalProbed(_logger, InterfaceName, supported, mode);
        return mode;
    }

    private static bool RemovesAllowedIps(DevicePlan plan)
    {
        foreach (var peer in plan.Peers)
        {
            if (peer.RemovedAllowedIps.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork UnusedProbePrefix(DeviceModel known)
    {
        Span<byte> address = stackalloc byte[16];
        for (var attempt = 0; ; attempt++)
        {
            RandomNumberGenerator.Fill(address);
            address[0] = 0xfd;
            var prefix = new IPNetwork(new IPAddress(address), 128);
            if (known.OwnerOf(prefix) is null || attempt > 16)
            {
                return prefix;
            }
        }
    }
}
