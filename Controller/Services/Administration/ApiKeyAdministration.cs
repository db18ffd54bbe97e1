using Babelwire.Controller.Apis;
using Babelwire.Controller.Security;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Controller.Services.Administration;

/// <summary>Admin API keys for the REST API's <c>/api/v1/api-keys</c> and the dashboard: validation, then <see cref="ApiKeyStore"/>
/// (which keeps the last active key from being revoked).</summary>
internal sealed class ApiKeyAdministration(ApiKeyStore keys, AdminGuard guard) : IApiKeyAdministration
{
    public async Task<AdminResult<IReadOnlyList<ApiKeyDto>>> ListAsync(CancellationToken cancellationToken) =>
        AdminResult<IReadOnlyList<ApiKeyDto>>.Ok(await keys.ListAsync(cancellationToken));

    public async Task<AdminResult<CreatedApiKeyDto>> CreateAsync(CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var errors = ApiKeyStore.Validate(request);
        if (errors.Count > 0)
        {
            return AdminProblems.Fail<CreatedApiKeyDto>(AdminProblems.Invalid("Invalid API key", errors));
        }
        return AdminResult<CreatedApiKeyDto>.Ok(await keys.CreateAsync(request, cancellationToken));
    }

    public async Task<AdminResult<Done>> RevokeAsync(Guid keyId, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(keyId, cancellationToken) switch
        {
            ApiKeyRevocation.Revoked => AdminResult<Done>.Ok(default),
            ApiKeyRevocation.NotFound => AdminProblems.Fail<Done>(AdminProblems.NotFound("API key not found", $"There is no API key {keyId}.")),
            _ => AdminProblems.Fail<Done>(LastActiveKey(own: false)),
        };

    /// <summary>The refusal to revoke the last active key; <paramref name="own"/>: the caller is using that key.</summary>
    public static AdminProblem LastActiveKey(bool own) => AdminProblems.Conflict("Last active API key", own
        ? "This is the key you are using and the only active one: create another key first, so the controller stays administrable."
        : "This is the only active API key: create another key first, so the controller stays administrable.");

    Task<AdminResult<IReadOnlyList<ApiKeyDto>>> IApiKeyAdministration.ListAsync(CancellationToken cancellationToken) =>
        guard.RunAsync(() => ListAsync(cancellationToken));

    Task<AdminResult<CreatedApiKeyDto>> IApiKeyAdministration.CreateAsync(string name, CancellationToken cancellationToken) =>
        guard.RunAsync(() => CreateAsync(new CreateApiKeyRequest(name), cancellationToken));

    Task<AdminResult<Done>> IApiKeyAdministration.RevokeAsync(Guid keyId, CancellationToken cancellationToken) =>
        guard.RunAsync(() => RevokeAsync(keyId, cancellationToken));
}
