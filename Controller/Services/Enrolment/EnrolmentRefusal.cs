namespace Babelwire.Controller.Services.Enrolment;

/// <summary>Why an enrolment was refused: becomes a problem details response with <paramref name="Reason"/> as an extension.</summary>
public sealed record EnrolmentRefusal(int Status, string Reason, string Title, string Detail);
