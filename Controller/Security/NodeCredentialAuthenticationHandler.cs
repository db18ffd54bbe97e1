using Babelwire.Controller.Data;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Babelwire.Controller.Data.Model;
using Babelwire.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Security;

/// <summary>
/// Agent authentication: <c>Authorization: Bearer NODEID.SECRET</c>, or the <c>access_token</c> query string on the
/// hub path (where browsers' and some clients' WebSockets cannot send headers). An unknown node, a wrong secret or a
/// disabled node is refused.
/// </summary>
public sealed class NodeCredentialAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, MeshDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "NodeCredential";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credential = ReadCredential();
        if (credential is null)
        {
            return AuthenticateResult.NoResult();
        }
        if (!NodeCredential.TryParse(credential, out var nodeId, out var secret))
        {
            return AuthenticateResult.Fail("Malformed node credential.");
        }
        var node = await db.Nodes.AsNoTracking()
            .Where(n => n.Id == nodeId)
            .Select(n => new { n.Name, n.Status, n.HubCredentialHash })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (node is null || !SecretHash.Matches(secret, node.HubCredentialHash))
        {
            return AuthenticateResult.Fail("Unknown node or wrong credential.");
        }
        if (node.Status != NodeStatus.Active)
        {
            return AuthenticateResult.Fail("The node is disabled.");
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, nodeId.ToString()), new Claim(ClaimTypes.Name, node.Name), new Claim(ClaimTypes.Role, AuthorizationPolicies.Agent)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private string? ReadCredential()
    {
        string? authorization = Request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        if (Request.Path.StartsWithSegments(ControlPlaneRoutes.AgentHub) && Request.Query.TryGetValue("access_token", out var token) && token.Count == 1)
        {
            return token[0];
        }
        return null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return AuthenticationProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required", "Send the node's hub credential as a bearer token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthenticationProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", AuthenticationProblems.ForbiddenDetail);
}
