using Babelwire.Shared.Enrolment;

namespace Babelwire.Agent.ControlPlane;

/// <summary>What the state directory keeps of an enrolment: reused at the next start while the controller URL and
/// the public key are the same, so the agent enrols once.</summary>
public sealed record StoredEnrolment(string ControllerUrl, string PublicKey, DateTimeOffset EnrolledAt, EnrolmentResponse Response);
