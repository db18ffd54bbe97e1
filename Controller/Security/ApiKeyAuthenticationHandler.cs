using Babelwire.Controller.Data;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Security;

/// <summary>Admin authentication: the <c>X-Api-Key</c> header, checked against the hashes in <c>api_keys</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, MeshDbContext db, ApiKeyUsage usage, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }
        var hash = SecretHash.Of(values[0]!);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Name })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (key is null)
        {
            Logger.ApiKeyRejected();
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        if (usage.ShouldWrite(key.Id))
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, time.GetUtcNow()), Context.RequestAborted);
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()), new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, AuthorizationPolicies.Admin)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthenticationProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required", $"Send an admin API key in the {HeaderName} header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthenticationProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", AuthenticationProblems.ForbiddenDetail);
}
