using Babelwire.Controller.Data;
using System.Net;
using Babelwire.Controller.Apis;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Services.Enrolment;
using Babelwire.Shared.Api;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Services.Settings;

/// <summary>
/// Reads and changes the settings row. A change is saved with optimistic concurrency (the row's xmin), then replaces
/// <see cref="CurrentMeshSettings"/> and is pushed to the agents. A prefix can change only while no node exists: the
/// check and the change run under the enrolment lock, so no enrolment can slip in between.
/// </summary>
public sealed class MeshSettingsService(MeshDbContext db, CurrentMeshSettings current, MeshChangeNotifications notifications, ILogger<MeshSettingsService> logger)
{
    public async Task<MeshSettingsAdminDto> GetAsync(CancellationToken cancellationToken) =>
        ToDto(await db.Settings.AsNoTracking().SingleAsync(cancellationToken));

    public static Dictionary<string, string[]> Validate(UpdateSettingsRequest request)
    {
        Dictionary<string, string[]> errors = [];
        // The prefixes follow the same rules as at first start; an absent IPv4 prefix is given a valid stand-in so that only what was sent is judged.
        var options = new MeshOptions
        {
            OverlayIPv6Prefix = request.OverlayIPv6Prefix,
            OverlayIPv4Prefix = request.OverlayIPv4Prefix ?? "192.0.2.0/24",
        };
        var prefixErrors = new MeshOptionsValidator().Validate(null, options);
        foreach (var failure in prefixErrors.Failures ?? [])
        {
            var key = failure.StartsWith("Mesh:OverlayIPv6Prefix", StringComparison.Ordinal) ? "overlayIPv6Prefix" : "overlayIPv4Prefix";
            errors[key] = [failure[(failure.IndexOf(": ", StringComparison.Ordinal) + 2)..]];
        }
        Check(errors, "stateReportInterval", request.StateReportInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(errors, "addressGracePeriod", request.AddressGracePeriod, TimeSpan.Zero, TimeSpan.FromDays(365));
        Check(errors, "eventRetention", request.EventRetention, TimeSpan.FromHours(1), TimeSpan.FromDays(3650));
        return errors;
    }

    /// <summary>Applies a validated change.</summary>
    public async Task<SettingsUpdate> UpdateAsync(UpdateSettingsRequest request, CancellationToken cancellationToken)
    {
        MeshSettings settings;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            settings = await db.Settings.SingleAsync(cancellationToken);
            if (request.Version is { } version && version != settings.Version)
            {
                return Conflict("Settings changed meanwhile", $"The settings are at version {settings.Version}, not {version}: read them again and retry.");
            }
            var ipv6 = request.OverlayIPv6Prefix is { } v6 ? IPNetwork.Parse(v6) : settings.OverlayIPv6Prefix;
            var ipv4 = request.OverlayIPv4Prefix is { } v4 ? IPNetwork.Parse(v4) : settings.OverlayIPv4Prefix;
            if (ipv6 != settings.OverlayIPv6Prefix || ipv4 != settings.OverlayIPv4Prefix)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({EnrolmentLocks.Mesh})", cancellationToken);
                var nodes = await db.Nodes.CountAsync(cancellationToken);
                if (nodes > 0)
                {
                    return Conflict("Prefixes are fixed once nodes exist",
                        $"{nodes} node(s) hold addresses from the current prefixes; an overlay prefix can only change while the mesh has no nodes.");
                }
                settings.OverlayIPv6Prefix = ipv6;
                settings.OverlayIPv4Prefix = ipv4;
            }
            settings.StateReportInterval = request.StateReportInterval ?? settings.StateReportInterval;
            settings.AddressGracePeriod = request.AddressGracePeriod ?? settings.AddressGracePeriod;
            settings.EventRetention = request.EventRetention ?? settings.EventRetention;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Conflict("Settings changed meanwhile", "Someone else changed the settings at the same time: read them again and retry.");
            }
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        current.Set(settings);
        logger.SettingsChanged(settings.OverlayIPv6Prefix.ToString(), settings.OverlayIPv4Prefix.ToString(),
            settings.StateReportInterval, settings.AddressGracePeriod, settings.EventRetention);
        await notifications.SettingsChangedAsync(current.ToDto(), cancellationToken);
        return new SettingsUpdate(ToDto(settings), null, null);
    }

    private static SettingsUpdate Conflict(string title, string detail) => new(null, title, detail);

    private static void Check(Dictionary<string, string[]> errors, string key, TimeSpan? value, TimeSpan min, TimeSpan max)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors[key] = [$"Must be from {min} to {max}."];
        }
    }

    private static MeshSettingsAdminDto ToDto(MeshSettings s) =>
        new(s.OverlayIPv6Prefix.ToString(), s.OverlayIPv4Prefix.ToString(), s.StateReportInterval, s.AddressGracePeriod, s.EventRetention, s.Version);
}
