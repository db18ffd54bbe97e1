using Babelwire.Controller.Apis;
using Babelwire.Controller.Services.Enrolment;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Controller.Services.Administration;

/// <summary>Enrolment tokens for the REST API's <c>/api/v1/tokens</c> and the dashboard: validation, then <see cref="EnrolmentTokens"/>.</summary>
internal sealed class EnrolmentTokenAdministration(EnrolmentTokens tokens, AdminGuard guard, TimeProvider time) : IEnrolmentTokenAdministration
{
    public async Task<AdminResult<IReadOnlyList<EnrolmentTokenDto>>> ListAsync(CancellationToken cancellationToken) =>
        AdminResult<IReadOnlyList<EnrolmentTokenDto>>.Ok(await tokens.ListAsync(cancellationToken));

    public async Task<AdminResult<EnrolmentTokenDto>> FindAsync(Guid tokenId, CancellationToken cancellationToken) =>
        await tokens.FindAsync(tokenId, cancellationToken) is { } token
            ? AdminResult<EnrolmentTokenDto>.Ok(token)
            : AdminProblems.Fail<EnrolmentTokenDto>(NotFound(tokenId));

    public async Task<AdminResult<CreatedEnrolmentTokenDto>> CreateAsync(CreateEnrolmentTokenRequest request, CancellationToken cancellationToken)
    {
        var errors = EnrolmentTokens.Validate(request, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return AdminProblems.Fail<CreatedEnrolmentTokenDto>(AdminProblems.Invalid("Invalid enrolment token", errors));
        }
        return AdminResult<CreatedEnrolmentTokenDto>.Ok(await tokens.CreateAsync(request, cancellationToken));
    }

    public async Task<AdminResult<Done>> RevokeAsync(Guid tokenId, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(tokenId, cancellationToken)
            ? AdminResult<Done>.Ok(default)
            : AdminProblems.Fail<Done>(NotFound(tokenId));

    Task<AdminResult<IReadOnlyList<EnrolmentTokenDto>>> IEnrolmentTokenAdministration.ListAsync(CancellationToken cancellationToken) =>
        guard.RunAsync(() => ListAsync(cancellationToken));

    Task<AdminResult<CreatedEnrolmentTokenDto>> IEnrolmentTokenAdministration.CreateAsync(NewEnrolmentToken token, CancellationToken cancellationToken) =>
        guard.RunAsync(() => CreateAsync(new CreateEnrolmentTokenRequest(token.Name, token.MaxUses, token.ExpiresIn, null, token.Tags), cancellationToken));

    Task<AdminResult<Done>> IEnrolmentTokenAdministration.RevokeAsync(Guid tokenId, CancellationToken cancellationToken) =>
        guard.RunAsync(() => RevokeAsync(tokenId, cancellationToken));

    private static AdminProblem NotFound(Guid id) => AdminProblems.NotFound("Enrolment token not found", $"There is no enrolment token {id}.");
}
