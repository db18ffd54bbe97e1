using Babelwire.Controller.Data;
using System.Net;
using System.Security.Cryptography;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Security;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Tests.Hub;

/// <summary>Puts nodes straight into the database (as enrolment would), each with a hub credential.</summary>
public static class TestNodes
{
    private static int _counter;

    public static MeshDbContext OpenDatabase(string connectionString)
    {
        var options = new DbContextOptionsBuilder<MeshDbContext>();
        options.UseMeshDatabase(connectionString);
        return new MeshDbContext(options.Options);
    }

    public static async Task<SeededNode> SeedAsync(string connectionString, CancellationToken cancellationToken,
        NodeStatus status = NodeStatus.Active, IReadOnlyList<string>? endpoints = null, IReadOnlyList<string>? tags = null)
    {
        var n = Interlocked.Increment(ref _counter);
        var id = Guid.NewGuid();
        var (credential, hash) = NodeCredential.Create(id);
        var node = new Node
        {
            Id = id,
            Name = $"node-{n}-{id.ToString("N")[..6]}",
            PublicKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            LinkLocal = IPAddress.Parse($"fe80::{n:x}"),
            OverlayIPv6 = IPAddress.Parse($"fd00:b:1::{n:x}"),
            OverlayIPv4 = new IPAddress([198, 18, (byte)(n >> 8), (byte)n]),
            Endpoints = [.. endpoints ?? [$"192.0.2.{n % 250 + 1}:51820"]],
            Tags = [.. tags ?? []],
            Status = status,
            HubCredentialHash = hash,
            EnrolledAt = DateTimeOffset.UtcNow,
        };
        await using var db = OpenDatabase(connectionString);
        db.Nodes.Add(node);
        db.AddressLeases.Add(new AddressLease { Address = node.OverlayIPv6.ToString(), NodeId = id, AllocatedAt = node.EnrolledAt });
        db.AddressLeases.Add(new AddressLease { Address = node.OverlayIPv4.ToString(), NodeId = id, AllocatedAt = node.EnrolledAt });
        await db.SaveChangesAsync(cancellationToken);
        return new SeededNode(id, node.Name, node.PublicKey, credential, $"{node.LinkLocal}/128");
    }
}
