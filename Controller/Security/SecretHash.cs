using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Babelwire.Controller.Security;

/// <summary>
/// Secrets (API keys, enrolment tokens, hub credentials) are 256 random bits, so an unsalted SHA-256 is enough to
/// store them: there is nothing to brute-force, and an exact hash lets a unique index find the row.
/// </summary>
public static class SecretHash
{
    /// <summary>A new secret: 32 random bytes, base64url without padding (43 characters).</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Of(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] hash) => CryptographicOperations.FixedTimeEquals(Of(secret), hash);
}
