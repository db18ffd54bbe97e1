namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>A WireGuard key pair in base64, made by <c>wg genkey</c> and <c>wg pubkey</c> (test keys, never kept).</summary>
public sealed record WireGuardKeyPair(string PrivateKey, string PublicKey)
{
    public static async Task<WireGuardKeyPair> GenerateAsync(CancellationToken cancellationToken)
    {
        var privateKey = (await Command.CheckedAsync("wg", ["genkey"], cancellationToken: cancellationToken)).StandardOutput.Trim();
        var publicKey = (await Command.CheckedAsync("wg", ["pubkey"], standardInput: privateKey + "\n", cancellationToken: cancellationToken))
            .StandardOutput.Trim();
        return new WireGuardKeyPair(privateKey, publicKey);
    }

    /// <summary>Writes the private key to <paramref name="path"/> with mode 0600, for <c>wg set … private-key FILE</c>.</summary>
    public async Task WritePrivateKeyAsync(string path, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, PrivateKey + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public override string ToString() => PublicKey; // never the private key in a failure message
}
