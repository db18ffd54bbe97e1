using Babelwire.Shared.Api;

namespace Babelwire.Shared.Dashboard;

public interface IEnrolmentTokenAdministration
{
    /// <summary>Every token, newest first, without secrets.</summary>
    Task<AdminResult<IReadOnlyList<EnrolmentTokenDto>>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates a token; its secret is in this answer only.</summary>
    Task<AdminResult<CreatedEnrolmentTokenDto>> CreateAsync(NewEnrolmentToken token, CancellationToken cancellationToken);

    Task<AdminResult<Done>> RevokeAsync(Guid tokenId, CancellationToken cancellationToken);
}
