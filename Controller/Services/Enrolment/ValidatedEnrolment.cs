using System.Net;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>An enrolment request that passed validation, in canonical form.</summary>
/// <param name="TokenHash">SHA-256 of the token's secret, as stored.</param>
/// <param name="NodeName">The DNS label derived from the host name, before it is made unique.</param>
public sealed record ValidatedEnrolment(
    byte[] TokenHash,
    string PublicKey,
    string NodeName,
    IReadOnlyList<string> Endpoints,
    IPAddress LinkLocal,
    string? AgentVersion);
