using Babelwire.Controller.Apis;
using Babelwire.Controller.Data;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Services.Enrolment;
using Babelwire.Shared.Api;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Security;

/// <summary>Admin API keys: created with a secret shown once, listed without it, revoked but never the last active one.</summary>
public sealed class ApiKeyStore(MeshDbContext db, TimeProvider time, ILogger<ApiKeyStore> logger)
{
    public const int MaxNameLength = 100;

    public static Dictionary<string, string[]> Validate(CreateApiKeyRequest request) =>
        string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength
            ? new() { ["name"] = [$"A name of 1 to {MaxNameLength} characters is required."] }
            : [];

    public async Task<CreatedApiKeyDto> CreateAsync(CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var secret = SecretHash.NewSecret();
        var now = time.GetUtcNow();
        var key = new ApiKey { Id = Guid.CreateVersion7(now), Name = request.Name.Trim(), SecretHash = SecretHash.Of(secret), CreatedAt = now };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        logger.ApiKeyCreated(key.Name, key.Id);
        return new CreatedApiKeyDto(ToDto(key), secret);
    }

    public async Task<IReadOnlyList<ApiKeyDto>> ListAsync(CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .Select(k => new ApiKeyDto(k.Id, k.Name, k.CreatedAt, k.RevokedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Revokes a key, unless it is the last active one: the caller's own key is always active, so this also keeps an
    /// admin from revoking the key they are using when it is the last. Revocations are serialised by an advisory lock,
    /// so two admins cannot revoke the last two keys at once. Revoking an already revoked key succeeds and keeps the first time.
    /// </summary>
    public async Task<ApiKeyRevocation> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({EnrolmentLocks.ApiKeys})", cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return ApiKeyRevocation.NotFound;
        }
        if (key.RevokedAt is not null)
        {
            return ApiKeyRevocation.Revoked;
        }
        if (!await db.ApiKeys.AnyAsync(k => k.Id != id && k.RevokedAt == null, cancellationToken))
        {
            return ApiKeyRevocation.LastActiveKey;
        }
        key.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.ApiKeyRevoked(key.Name, key.Id);
        return ApiKeyRevocation.Revoked;
    }

    private static ApiKeyDto ToDto(ApiKey key) => new(key.Id, key.Name, key.CreatedAt, key.RevokedAt, key.LastUsedAt);
}
