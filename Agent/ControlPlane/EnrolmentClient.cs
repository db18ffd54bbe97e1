using System.Net;
using System.Net.Http.Json;
using Babelwire.Shared;
using Babelwire.Shared.Enrolment;

namespace Babelwire.Agent.ControlPlane;

/// <summary>One enrolment call: POST <see cref="ControlPlaneRoutes.Enrolment"/>. Sorts every outcome into success,
/// a refusal (<see cref="EnrolmentRejectedException"/>) or a failure worth retrying (<see cref="ControllerUnavailableException"/>).</summary>
public sealed class EnrolmentClient(HttpClient http)
{
    public async Task<EnrolmentResponse> EnrolAsync(Uri controller, EnrolmentRequest request, CancellationToken cancellationToken)
    {
        var url = ControlPlaneUrls.Combine(controller, ControlPlaneRoutes.Enrolment);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(url, request, ControlPlaneJsonContext.Default.EnrolmentRequest, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ControllerUnavailableException($"{url}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControllerUnavailableException($"{url}: no answer within {http.Timeout.TotalSeconds:0} s", e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
                return await ReadAsync(url, response, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var problem = ProblemText.Describe(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
            // 408 and 429 are the controller being busy, not a verdict on the request.
            if ((int)response.StatusCode is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
                throw new EnrolmentRejectedException($"the controller refused the enrolment: {problem}");
            throw new ControllerUnavailableException($"{url}: {problem}");
        }
    }

    private static async Task<EnrolmentResponse> ReadAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        EnrolmentResponse? enrolment;
        try
        {
            enrolment = await response.Content.ReadFromJsonAsync(ControlPlaneJsonContext.Default.EnrolmentResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ControllerUnavailableException($"{url}: the enrolment answer is not valid JSON ({e.Message})", e);
        }
        var problem = enrolment is null ? "empty" : OverlayAddresses.Validate(enrolment);
        if (problem is not null)
            throw new ControllerUnavailableException($"{url}: the enrolment answer is unusable: {problem}");
        return enrolment!;
    }
}
