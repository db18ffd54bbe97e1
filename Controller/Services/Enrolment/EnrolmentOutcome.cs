using Babelwire.Shared.Enrolment;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>What an enrolment came to: a response (<paramref name="Created"/>: a new node, not a re-enrolment) or a refusal.</summary>
public sealed record EnrolmentOutcome(EnrolmentResponse? Response, bool Created, EnrolmentRefusal? Refusal)
{
    public static EnrolmentOutcome Refused(EnrolmentRefusal refusal) => new(null, false, refusal);
}
