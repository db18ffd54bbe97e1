using Babelwire.Shared.Api;

namespace Babelwire.Shared.Dashboard;

/// <summary>The REST API's admin keys, managed from the dashboard.</summary>
public interface IApiKeyAdministration
{
    Task<AdminResult<IReadOnlyList<ApiKeyDto>>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates a key; its secret is in this answer only.</summary>
    Task<AdminResult<CreatedApiKeyDto>> CreateAsync(string name, CancellationToken cancellationToken);

    /// <summary>Revokes a key; the last active key cannot be revoked (<see cref="AdminProblemKind.Conflict"/>).</summary>
    Task<AdminResult<Done>> RevokeAsync(Guid keyId, CancellationToken cancellationToken);
}
