using Babelwire.Controller.Data;
using System.Net;
using System.Security.Cryptography;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Security;
using Babelwire.Controller.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Infrastructure;

/// <summary>After migration: creates the settings row on first start, loads it, and stores the bootstrap API key's hash.</summary>
public sealed class DatabaseSeeder(IOptions<MeshOptions> mesh, IOptions<AdminOptions> admin, CurrentMeshSettings current, TimeProvider time, ILogger<DatabaseSeeder> logger)
{
    public async Task SeedAsync(MeshDbContext db, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = NewSettings(mesh.Value);
            db.Settings.Add(settings);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            logger.SettingsCreated(settings.OverlayIPv6Prefix.ToString(), settings.OverlayIPv4Prefix.ToString());
        }
        current.Set(settings);

        if (admin.Value.BootstrapApiKey is { Length: > 0 } bootstrap)
        {
            var hash = SecretHash.Of(bootstrap);
            if (!await db.ApiKeys.AnyAsync(k => k.SecretHash == hash, cancellationToken))
            {
                db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), Name = "bootstrap", SecretHash = hash, CreatedAt = time.GetUtcNow() });
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    private static MeshSettings NewSettings(MeshOptions options) => new()
    {
        OverlayIPv6Prefix = options.OverlayIPv6Prefix is { } v6 ? IPNetwork.Parse(v6) : RandomUniqueLocalPrefix(),
        OverlayIPv4Prefix = IPNetwork.Parse(options.OverlayIPv4Prefix),
        StateReportInterval = options.StateReportInterval,
        AddressGracePeriod = options.AddressGracePeriod,
        EventRetention = options.EventRetention,
    };

    /// <summary>RFC 4193 §3.2: fd00::/8 followed by a 40-bit pseudo-random Global ID.</summary>
    private static IPNetwork RandomUniqueLocalPrefix()
    {
        var bytes = new byte[16];
        bytes[0] = 0xfd;
        RandomNumberGenerator.Fill(bytes.AsSpan(1, 5));
        return new IPNetwork(new IPAddress(bytes), 48);
    }
}
