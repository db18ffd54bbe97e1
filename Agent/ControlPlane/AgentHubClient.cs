using System.Net;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Status;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared;
using Babelwire.Shared.Hub;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// The agent's connection to the controller's hub. One loop connects, runs a session until the connection ends,
/// and reconnects after a backoff (1 s doubling to 60 s, jittered), the same way after a failed first start as
/// after a dropped connection, so no separate automatic-reconnect path is needed. Each session opens with
/// <see cref="IAgentHub.Connect"/>, takes the peer set, sends the whole state, then deltas: one a coalescing window
/// after neighbours or selected routes change (<see cref="StateChanges"/>), and one each report interval for the
/// rest (counters, RTT). While the controller is
/// away the peers in use (and the mesh) stay as they are.
/// </summary>
public sealed partial class AgentHubClient(
    IOptions<AgentOptions> options,
    ControlPlaneState state,
    ControllerPeerSource peers,
    IAgentStateSource stateSource,
    StateChanges stateChanges,
    Enroller enroller,
    IHostApplicationLifetime lifetime,
    Random random,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    /// <summary>After the hub refused the session (a protocol mismatch needs an upgrade on one side): wait this long, jittered.</summary>
    public static readonly TimeSpan RefusedBackoff = TimeSpan.FromMinutes(10);

    /// <summary>How long the engine loop may take to hand over a snapshot.</summary>
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = loggerFactory.CreateLogger<AgentHubClient>();
    private readonly ControlPlaneState _state = state;
    private readonly ControllerPeerSource _peers = peers;
    private readonly IAgentStateSource _stateSource = stateSource;
    private readonly StateChanges _stateChanges = stateChanges;
    private readonly TimeProvider _time = time;
    private readonly ILoggerFactory _loggerFactory = loggerFactory;
    private readonly AgentOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _state.Enrolled.WaitAsync(stoppingToken).ConfigureAwait(false);
            // Peers taken before the WireGuard host and the engine are up could slip past them: start once the host has.
            await WhenStartedAsync(stoppingToken).ConfigureAwait(false);
            var backoff = new Backoff(Backoff.DefaultInitial, Backoff.DefaultMaximum, random);
            var reenrolled = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                var end = await RunSessionAsync(backoff, stoppingToken).ConfigureAwait(false);
                if (end is SessionEnd.Reenrolled && reenrolled)
                    end = new SessionEnd.Lost("the hub refused the credential of a fresh enrolment too");
                reenrolled = end is SessionEnd.Reenrolled;
                TimeSpan delay;
                switch (end)
                {
                    case SessionEnd.Final f:
                        _state.Set(ControlPlanePhase.Revoked, f.Reason);
                        return;
                    case SessionEnd.Reenrolled:
                        continue;
                    case SessionEnd.Refused r:
                        delay = TimeSpan.FromTicks((long)(RefusedBackoff.Ticks * (0.75 + (random.NextDouble() * 0.5))));
                        Log.HubRefused(_logger, r.Reason, delay.TotalMinutes);
                        _state.Set(ControlPlanePhase.Refused, r.Reason);
                        break;
                    case SessionEnd.Lost l:
                        delay = backoff.Next();
                        Log.ControllerAway(_logger, l.Reason, delay.TotalSeconds);
                        _state.Set(ControlPlanePhase.Away, l.Reason);
                        break;
                    default:
                        throw new InvalidOperationException($"unknown session end {end}");
                }
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private HubConnection Build(StoredEnrolment enrolment)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(ControlPlaneUrls.Combine(_state.Controller, ControlPlaneRoutes.AgentHub), (HttpConnectionOptions o) =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(_state.Enrolment?.Response.HubCredential ?? enrolment.Response.HubCredential);
            });
        builder.Services.AddSingleton<ILoggerFactory>(new QuietLoggerFactory(_loggerFactory));
        return builder.Build();
    }

    /// <summary>
    /// One connection, from start to its end. Throws only when <paramref name="stoppingToken"/> is cancelled.
    /// </summary>
    private async Task<SessionEnd> RunSessionAsync(Backoff backoff, CancellationToken stoppingToken)
    {
        var enrolment = _state.Enrolment!;
        var connection = Build(enrolment);
        await using (connection.ConfigureAwait(false))
        {
            var session = new Session(this, connection, stoppingToken);
            try
            {
                await connection.StartAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return await ReenrolAsync(enrolment, e.Message, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                return new SessionEnd.Lost(e.Message);
            }

            AgentSession opened;
            try
            {
                opened = await connection.InvokeAsync<AgentSession>(
                    nameof(IAgentHub.Connect), new AgentHello(ProtocolVersion.Current, AgentVersion.Current, EndpointDefaults.Resolve(_options), _peers.Digest), stoppingToken).ConfigureAwait(false);
            }
            catch (HubException e) when (Refusal(e) is { } refusal)
            {
                // A deliberate refusal (the hub names both protocol versions); retrying soon would get the same answer.
                return new SessionEnd.Refused(refusal);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                return new SessionEnd.Lost(e.Message);
            }

            try
            {
                return await session.RunAsync(opened, backoff).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                return new SessionEnd.Lost(e.Message);
            }
        }
    }

    /// <summary>
    /// The reason of a HubException the hub threw on purpose: SignalR passes its message on as
    /// "An unexpected error occurred invoking 'Connect' on the server. HubException: REASON". Null for any other
    /// failure on the server, which is worth retrying soon.
    /// </summary>
    internal static string? Refusal(HubException e)
    {
        const string Marker = "HubException: ";
        var at = e.Message.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
            return e.Message[(at + Marker.Length)..];
        return e.Message.StartsWith("An unexpected error occurred", StringComparison.Ordinal) ? null : e.Message;
    }

    /// <summary>The hub refused our credential (the node was re-created, or the credential rotated): enrol again with the configured token.</summary>
    private async Task<SessionEnd> ReenrolAsync(StoredEnrolment enrolment, string reason, CancellationToken stoppingToken)
    {
        Log.CredentialRefused(_logger, reason);
        try
        {
            var fresh = await enroller.EnrolAsync(WireGuardKey.Parse(enrolment.PublicKey), retry: false, stoppingToken).ConfigureAwait(false);
            _state.Reenrolled(fresh);
            return new SessionEnd.Reenrolled();
        }
        catch (EnrolmentRejectedException e)
        {
            Log.ReenrolmentRefused(_logger, e.Message);
            return new SessionEnd.Final($"the hub refused the node's credential and enrolling again failed: {e.Message}");
        }
        catch (Exception e) when (e is ControllerUnavailableException or IOException or UnauthorizedAccessException)
        {
            return new SessionEnd.Lost($"the hub refused the node's credential and enrolling again failed: {e.Message}");
        }
    }
}
