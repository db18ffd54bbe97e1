using Babelwire.Controller.Data;
using System.Net;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Security;
using Babelwire.Shared.Api;
using Babelwire.Shared.Enrolment;
using Babelwire.Shared.Mesh;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>
/// Enrols a node in one transaction: the token's use, the node, its two address leases and the node-joined event
/// commit together or not at all. The transaction holds the enrolment advisory lock, so enrolments run one after the
/// other (a few milliseconds each); a refused enrolment rolls back and leaves nothing behind.
/// </summary>
public sealed class EnrolmentService(MeshDbContext db, MeshChangeNotifications notifications, TimeProvider time, ILogger<EnrolmentService> logger)
{
    public async Task<EnrolmentOutcome> EnrolAsync(ValidatedEnrolment request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        EnrolmentOutcome outcome;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({EnrolmentLocks.Mesh})", cancellationToken);
            var token = await db.EnrolmentTokens.AsNoTracking().SingleOrDefaultAsync(t => t.SecretHash == request.TokenHash, cancellationToken);
            var node = await db.Nodes.SingleOrDefaultAsync(n => n.PublicKey == request.PublicKey, cancellationToken);
            outcome = node is null
                ? await EnrolNewAsync(request, token, now, cancellationToken)
                : await EnrolAgainAsync(request, token, node, now, cancellationToken);
            if (outcome.Refusal is null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        if (outcome.Refusal is { } refusal)
        {
            logger.EnrolmentRefused(refusal.Reason, refusal.Detail);
            return outcome;
        }
        await notifications.NodeChangedAsync(outcome.Response!.NodeId, cancellationToken);
        return outcome;
    }

    private async Task<EnrolmentOutcome> EnrolNewAsync(ValidatedEnrolment request, EnrolmentToken? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (TokenRefusal(token, now, enrolledWithIt: false) is { } refusal)
        {
            return EnrolmentOutcome.Refused(refusal);
        }
        // STYLE §11: the use is one conditional UPDATE, so a token can never be used more often than it allows.
        var used = await db.EnrolmentTokens
            .Where(t => t.Id == token!.Id && t.RevokedAt == null && t.ExpiresAt > now && (t.MaxUses == null || t.Uses < t.MaxUses))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Uses, t => t.Uses + 1), cancellationToken);
        if (used != 1)
        {
            var current = await db.EnrolmentTokens.AsNoTracking().SingleAsync(t => t.Id == token!.Id, cancellationToken);
            return EnrolmentOutcome.Refused(TokenRefusal(current, now, enrolledWithIt: false)
                ?? new EnrolmentRefusal(StatusCodes.Status409Conflict, "token-busy", "Enrolment token changed", "The token changed during enrolment; try again."));
        }

        // Read under the lock rather than from CurrentMeshSettings: a prefix change commits under the same lock.
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var nodeId = Guid.CreateVersion7(now);
        var ipv6 = await AddressAllocator.AllocateAsync(db, settings.OverlayIPv6Prefix, nodeId, now, settings.AddressGracePeriod, cancellationToken);
        var ipv4 = await AddressAllocator.AllocateAsync(db, settings.OverlayIPv4Prefix, nodeId, now, settings.AddressGracePeriod, cancellationToken);
        if (ipv6 is null || ipv4 is null)
        {
            var prefix = (ipv6 is null ? settings.OverlayIPv6Prefix : settings.OverlayIPv4Prefix).ToString();
            logger.AddressRangeExhausted(prefix);
            return EnrolmentOutcome.Refused(new EnrolmentRefusal(StatusCodes.Status409Conflict, EnrolmentRefusalReasons.AddressRangeExhausted, "Address range exhausted",
                $"No free address is left in {prefix}: delete nodes (their addresses are free again after the grace period of {settings.AddressGracePeriod}) or, before any node exists, choose a larger range."));
        }

        var taken = await db.Nodes.AsNoTracking()
            .Where(n => n.Name == request.NodeName || n.Name.StartsWith(request.NodeName.Substring(0, Math.Min(request.NodeName.Length, 50))))
            .Select(n => n.Name)
            .ToListAsync(cancellationToken);
        var name = NodeNames.MakeUnique(request.NodeName, taken.ToHashSet());
        var (credential, hash) = NodeCredential.Create(nodeId);
        var node = new Node
        {
            Id = nodeId,
            Name = name,
            PublicKey = request.PublicKey,
            LinkLocal = request.LinkLocal,
            OverlayIPv6 = ipv6,
            OverlayIPv4 = ipv4,
            Endpoints = [.. request.Endpoints],
            Tags = [.. token!.Tags],
            HubCredentialHash = hash,
            EnrolmentTokenId = token.Id,
            EnrolledAt = now,
            AgentVersion = request.AgentVersion,
        };
        db.Nodes.Add(node);
        db.Events.Add(new MeshEvent { At = now, Kind = MeshEventKinds.NodeJoined, NodeId = nodeId, Message = $"{name} joined ({ipv6}, {ipv4}) with token {token.Name}" });
        await db.SaveChangesAsync(cancellationToken);
        logger.NodeEnrolled(name, nodeId, ipv6.ToString(), ipv4.ToString());
        return new EnrolmentOutcome(Response(node, credential, settings), Created: true, Refusal: null);
    }

    private async Task<EnrolmentOutcome> EnrolAgainAsync(ValidatedEnrolment request, EnrolmentToken? token, Node node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (TokenRefusal(token, now, enrolledWithIt: token?.Id == node.EnrolmentTokenId) is { } refusal)
        {
            return EnrolmentOutcome.Refused(refusal);
        }
        if (node.Status == NodeStatus.Disabled)
        {
            return EnrolmentOutcome.Refused(new EnrolmentRefusal(StatusCodes.Status403Forbidden, EnrolmentRefusalReasons.NodeDisabled, "Node disabled",
                $"This public key belongs to node {node.Name}, which an admin disabled; enable it (or delete it) first."));
        }
        var (credential, hash) = NodeCredential.Create(node.Id);
        node.HubCredentialHash = hash;
        node.AgentVersion = request.AgentVersion;
        if (!node.Endpoints.SequenceEqual(request.Endpoints))
        {
            node.Endpoints = [.. request.Endpoints];
            db.Events.Add(new MeshEvent { At = now, Kind = MeshEventKinds.EndpointChanged, NodeId = node.Id, Message = $"{node.Name} enrolled again with endpoints {string.Join(", ", request.Endpoints)}" });
        }
        await db.SaveChangesAsync(cancellationToken);
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        logger.NodeReEnrolled(node.Name, node.Id);
        return new EnrolmentOutcome(Response(node, credential, settings), Created: false, Refusal: null);
    }

    /// <summary>
    /// Null when the token may be used. A re-enrolment uses none of the token's uses; it still needs a token that is
    /// known, unrevoked and unexpired, and one with uses left unless it is the token the node enrolled with (so that
    /// an agent that lost the first answer can retry with its single-use token).
    /// </summary>
    private static EnrolmentRefusal? TokenRefusal(EnrolmentToken? token, DateTimeOffset now, bool enrolledWithIt) => token switch
    {
        null => Forbidden(EnrolmentRefusalReasons.UnknownToken, "Unknown enrolment token", "No enrolment token has this secret; ask an admin for a token."),
        { RevokedAt: { } revoked } => Forbidden(EnrolmentTokenStates.Revoked, "Enrolment token revoked", $"Token {token.Name} was revoked at {revoked:O}."),
        _ when token.ExpiresAt <= now => Forbidden(EnrolmentTokenStates.Expired, "Enrolment token expired", $"Token {token.Name} expired at {token.ExpiresAt:O}."),
        { MaxUses: { } max } when token.Uses >= max && !enrolledWithIt =>
            Forbidden(EnrolmentTokenStates.UsedUp, "Enrolment token used up", $"Token {token.Name} has been used {token.Uses} of {max} times."),
        _ => null,
    };

    private static EnrolmentRefusal Forbidden(string reason, string title, string detail) => new(StatusCodes.Status403Forbidden, reason, title, detail);

    private static EnrolmentResponse Response(Node node, string credential, MeshSettings settings) => new(
        node.Id,
        node.Name,
        credential,
        new IPNetwork(node.OverlayIPv6, 128).ToString(),
        new IPNetwork(node.OverlayIPv4, 32).ToString(),
        node.Tags,
        new MeshSettingsDto(settings.OverlayIPv6Prefix.ToString(), settings.OverlayIPv4Prefix.ToString(), settings.StateReportInterval));
}
