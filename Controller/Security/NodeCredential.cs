using System.Diagnostics.CodeAnalysis;

namespace Babelwire.Controller.Security;

/// <summary>
/// An agent's hub credential: "NODEID.SECRET" (node id in "N" format, secret from <see cref="SecretHash.NewSecret"/>).
/// The node id lets the controller find the row; only <see cref="SecretHash.Of"/>(secret) is stored.
/// </summary>
public static class NodeCredential
{
    public static (string Credential, byte[] Hash) Create(Guid nodeId)
    {
        var secret = SecretHash.NewSecret();
        return ($"{nodeId:N}.{secret}", SecretHash.Of(secret));
    }

    public static bool TryParse(string? credential, out Guid nodeId, [NotNullWhen(true)] out string? secret)
    {
        nodeId = Guid.Empty;
        secret = null;
        var dot = credential?.IndexOf('.') ?? -1;
        if (dot != 32 || !Guid.TryParseExact(credential.AsSpan(0, 32), "N", out nodeId) || credential!.Length < 34)
        {
            return false;
        }
        secret = credential[33..];
        return true;
    }
}
