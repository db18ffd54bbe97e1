using Babelwire.Agent.Configuration;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared;
using Babelwire.Shared.Enrolment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.ControlPlane;

/// <summary>Builds the enrolment request from the config and the key, sends it (retrying with backoff when asked to)
/// and keeps the answer in the state directory. Used at start and when the hub refuses our credential.</summary>
public sealed class Enroller(
    IOptions<AgentOptions> options,
    EnrolmentClient client,
    ControlPlaneStore store,
    ControlPlaneState state,
    Random random,
    TimeProvider time,
    ILogger<Enroller> logger)
{
    private readonly AgentOptions _options = options.Value;
    private readonly ControllerOptions _controller = options.Value.Controller ?? throw new InvalidOperationException("no controller section");

    /// <summary>Enrols <paramref name="publicKey"/> and stores the answer (0600, atomically).</summary>
    /// <param name="retry">Back off and try again (1 s doubling to 60 s, jittered) while the controller is away or failing; otherwise one attempt.</param>
    /// <exception cref="EnrolmentRejectedException">The controller refused (4xx), or there is no token.</exception>
    /// <exception cref="ControllerUnavailableException">Only without <paramref name="retry"/>: no usable answer.</exception>
    /// <exception cref="IOException">The enrolment could not be written to the state directory.</exception>
    public async Task<StoredEnrolment> EnrolAsync(WireGuardKey publicKey, bool retry, CancellationToken cancellationToken)
    {
        var request = new EnrolmentRequest(
            ReadToken(),
            publicKey.ToString(),
            _controller.NodeName ?? Environment.MachineName,
            EndpointDefaults.Resolve(_options),
            LinkLocalAddress.FromPublicKey(publicKey).ToString(),
            AgentVersion.Current,
            ProtocolVersion.Current);
        var backoff = new Backoff(Backoff.DefaultInitial, Backoff.DefaultMaximum, random);
        while (true)
        {
            try
            {
                var response = await client.EnrolAsync(state.Controller, request, cancellationToken).ConfigureAwait(false);
                var stored = new StoredEnrolment(state.Controller.AbsoluteUri, request.PublicKey, time.GetUtcNow(), response);
                store.SaveEnrolment(stored);
                Log.Enrolled(logger, response.NodeName, response.NodeId, response.OverlayIPv6, response.OverlayIPv4, stored.ControllerUrl);
                return stored;
            }
            catch (ControllerUnavailableException e) when (retry)
            {
                var delay = backoff.Next();
                state.Set(state.Phase, e.Message);
                Log.EnrolmentRetry(logger, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private string ReadToken()
    {
        if (_controller.Token is { } token)
            return token.Trim();
        if (_controller.TokenFile is not { } file)
            throw new EnrolmentRejectedException("controller.token: no enrolment token is configured (token or tokenFile) and the state directory holds no enrolment");
        try
        {
            var first = File.ReadLines(file).FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(first) ? throw new EnrolmentRejectedException($"controller.tokenFile: {file} is empty") : first;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnrolmentRejectedException($"controller.tokenFile: cannot read {file}: {e.Message}");
        }
    }
}
