namespace Babelwire.Agent.ControlPlane;

/// <summary>The controller refused the enrolment (a 4xx: bad, expired or used-up token, invalid request), or the
/// agent has nothing to enrol with. Fatal: retrying the same request cannot succeed, so the agent stops.</summary>
public sealed class EnrolmentRejectedException(string message) : InvalidOperationException(message);
