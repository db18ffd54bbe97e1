using Babelwire.Controller.Apis;
using Babelwire.Controller.Data;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Security;
using Babelwire.Shared.Api;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>Creates, lists and revokes enrolment tokens. Only the secret's hash is stored; the secret is returned once, at creation.</summary>
public sealed class EnrolmentTokens(MeshDbContext db, TimeProvider time, ILogger<EnrolmentTokens> logger)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);
    public const int MaxNameLength = 100;
    public const int MaxTags = 16;

    public static Dictionary<string, string[]> Validate(CreateEnrolmentTokenRequest request, DateTimeOffset now)
    {
        Dictionary<string, string[]> errors = [];
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }
        if (request.MaxUses is < 1)
        {
            errors["maxUses"] = ["At least 1; leave it out for a token without a use limit."];
        }
        if (request.ExpiresIn is not null && request.ExpiresAt is not null)
        {
            errors["expiresIn"] = ["Give expiresIn or expiresAt, not both."];
        }
        else if (request.ExpiresIn is { } lifetime && (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime))
        {
            errors["expiresIn"] = [$"Must be positive and at most {MaxLifetime.TotalDays} days."];
        }
        else if (request.ExpiresAt is { } at && (at <= now || at - now > MaxLifetime))
        {
            errors["expiresAt"] = [$"Must be in the future and at most {MaxLifetime.TotalDays} days away."];
        }
        var tags = request.Tags ?? [];
        var badTags = tags.Where(t => t is null || t.Length > 32 || !NodeNames.IsLabel(t)).ToList();
        if (badTags.Count > 0 || tags.Count > MaxTags || tags.Distinct().Count() != tags.Count)
        {
            errors["tags"] = [$"At most {MaxTags} distinct tags, each a lower-case DNS label of at most 32 characters (a-z, 0-9, '-', not at either end)."];
        }
        return errors;
    }

    /// <summary>Creates a token from a validated request.</summary>
    public async Task<CreatedEnrolmentTokenDto> CreateAsync(CreateEnrolmentTokenRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var secret = SecretHash.NewSecret();
        var token = new EnrolmentToken
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name.Trim(),
            SecretHash = SecretHash.Of(secret),
            MaxUses = request.MaxUses,
            ExpiresAt = request.ExpiresAt?.ToUniversalTime() ?? now + (request.ExpiresIn ?? DefaultLifetime),
            Tags = [.. request.Tags ?? []],
            CreatedAt = now,
        };
        db.EnrolmentTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        logger.TokenCreated(token.Name, token.Id, token.ExpiresAt);
        return new CreatedEnrolmentTokenDto(ToDto(token, now), secret);
    }

    public async Task<IReadOnlyList<EnrolmentTokenDto>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tokens = await db.EnrolmentTokens.AsNoTracking().OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        return [.. tokens.Select(t => ToDto(t, now))];
    }

    public async Task<EnrolmentTokenDto?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var token = await db.EnrolmentTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return token is null ? null : ToDto(token, time.GetUtcNow());
    }

    /// <summary>Revokes the token (kept, so that its nodes still name it); false when there is no such token. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revoked = await db.EnrolmentTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        if (revoked == 1)
        {
            logger.TokenRevoked(id);
            return true;
        }
        return await db.EnrolmentTokens.AnyAsync(t => t.Id == id, cancellationToken);
    }

    public static EnrolmentTokenDto ToDto(EnrolmentToken token, DateTimeOffset now) => new(
        token.Id,
        token.Name,
        token.MaxUses,
        token.Uses,
        token.MaxUses is { } max ? Math.Max(0, max - token.Uses) : null,
        token.CreatedAt,
        token.ExpiresAt,
        token.RevokedAt,
        token.Tags,
        token.RevokedAt is not null ? EnrolmentTokenStates.Revoked
        : token.ExpiresAt <= now ? EnrolmentTokenStates.Expired
        : token.Uses >= token.MaxUses ? EnrolmentTokenStates.UsedUp
        : EnrolmentTokenStates.Active);
}
