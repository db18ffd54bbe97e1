namespace Babelwire.Shared;

/// <summary>Paths on the controller that agents use; the admin REST API lives under <see cref="ApiV1"/> as well.</summary>
public static class ControlPlaneRoutes
{
    public const string ApiV1 = "/api/v1";

    /// <summary>POST an <see cref="Enrolment.EnrolmentRequest"/>; the only API path open without an admin key.</summary>
    public const string Enrolment = ApiV1 + "/enrolment";

    /// <summary>The SignalR hub agents connect to, authenticated with their node credential as a bearer token.</summary>
    public const string AgentHub = "/hubs/agent";
}
