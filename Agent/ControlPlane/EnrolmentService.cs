using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// Runs before the WireGuard host: makes sure the agent has an enrolment (the stored one when it is for this
/// controller and key, else a new one, retried with backoff while the controller is away or failing), gives the
/// interface the enrolment's overlay addresses when the config has none, and loads the last peer set. A refused
/// enrolment (4xx) stops the agent, with the controller's reason, before anything else starts.
/// </summary>
public sealed class EnrolmentService(
    IOptions<AgentOptions> options,
    Enroller enroller,
    ControlPlaneStore store,
    ControlPlaneState state,
    ControllerPeerSource peers,
    AgentExit exit,
    ILogger<EnrolmentService> logger) : IHostedService
{
    private readonly AgentOptions _options = options.Value;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var url = state.Controller.AbsoluteUri;
        var wg = _options.WireGuard ?? throw new InvalidOperationException("the controller needs a wireguard section");
        var keyFile = wg.PrivateKeyFile ?? Path.Combine(_options.StateDirectory, "wireguard.key");
        WireGuardKey publicKey;
        StoredEnrolment? stored;
        try
        {
            publicKey = WireGuardKeyFile.LoadOrCreate(keyFile, out var created).DerivePublicKey();
            if (created)
                Log.KeyCreated(logger, keyFile, publicKey.ToString());
            stored = store.LoadEnrolment();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or WireGuardKeyFileException)
        {
            throw Fail(e.Message);
        }

        if (stored is not null && (stored.ControllerUrl != url || stored.PublicKey != publicKey.ToString()))
        {
            Log.EnrolmentStale(logger, store.EnrolmentPath, stored.ControllerUrl, stored.PublicKey);
            stored = null;
            peers.Forget();
        }
        if (stored is null)
        {
            try
            {
                stored = await enroller.EnrolAsync(publicKey, retry: true, cancellationToken).ConfigureAwait(false);
            }
            catch (EnrolmentRejectedException e)
            {
                throw Fail(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Fail($"cannot keep the enrolment in {store.EnrolmentPath}: {e.Message}");
            }
        }
        else
        {
            Log.EnrolmentLoaded(logger, stored.Response.NodeName, stored.Response.NodeId, store.EnrolmentPath);
        }

        UseOverlayAddresses(stored);
        peers.Start(publicKey);
        state.SetEnrolled(stored);
        state.Set(ControlPlanePhase.Connecting);

        EnrolmentRejectedException Fail(string reason)
        {
            Log.EnrolmentFailed(logger, url, reason);
            exit.Fail();
            return new EnrolmentRejectedException($"cannot enrol with {url}: {reason}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The enrolment's overlay addresses become the interface's addresses (and are announced) when the config
    /// gives none; configured addresses win whole. Runs before the WireGuard host and the engine read the options.
    /// </summary>
    private void UseOverlayAddresses(StoredEnrolment enrolment)
    {
        var wg = _options.WireGuard!;
        if (wg.Addresses.Count > 0)
            return;
        foreach (var address in OverlayAddresses.From(enrolment.Response))
        {
            wg.Addresses.Add(address);
            if (!_options.Announce.Any(a => a.Prefix == address))
                _options.Announce.Add(new AnnouncedPrefixOptions { Prefix = address });
        }
    }
}
