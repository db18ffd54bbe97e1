using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.WireGuard;

/// <summary>
/// The node's private key on disk, in <c>wg genkey</c>'s format (base64 and a newline), mode 0600. A file that group
/// or others can read is refused rather than used: the key may already have leaked, and the operator must decide.
/// </summary>
public static class WireGuardKeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Reads the private key at <paramref name="path"/>, or, when there is no file, generates one and writes it
    /// atomically (a 0600 temporary file beside it, flushed, then renamed). <paramref name="created"/> tells which.
    /// </summary>
    /// <exception cref="WireGuardKeyFileException">The file is open to group or others, or does not hold a key.</exception>
    public static WireGuardKey LoadOrCreate(string path, out bool created)
    {
        if (File.Exists(path))
        {
            created = false;
            return Load(path);
        }

        var key = WireGuardKey.GeneratePrivateKey();
        Write(path, key);
        created = true;
        return key;
    }

    /// <summary>Like <see cref="LoadOrCreate(string, out bool)"/>, logging a newly generated key (its public half).</summary>
    public static WireGuardKey LoadOrCreate(string path, ILogger logger)
    {
        var key = LoadOrCreate(path, out var created);
        if (created)
        {
            Log.PrivateKeyGenerated(logger, path, key.DerivePublicKey());
        }

        return key;
    }

    /// <summary>Reads an existing private key file, refusing one that group or others may access.</summary>
    public static WireGuardKey Load(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOthers) != 0)
            {
                throw new WireGuardKeyFileException(
                    $"the private key file {path} has mode {ToOctal(mode)}, open to group or others; the key may have leaked. "
                    + $"Check it, then `chmod 600 {path}` (or delete it to have a new key generated)");
            }
        }

        var text = File.ReadAllText(path);
        return WireGuardKey.TryParse(text, out var key)
            ? key
            : throw new WireGuardKeyFileException($"the private key file {path} does not hold a WireGuard key (one line of base64, as `wg genkey` writes)");
    }

    /// <summary>Writes <paramref name="key"/> atomically with mode 0600, replacing any file at <paramref name="path"/>.</summary>
    public static void Write(string path, WireGuardKey key)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key.ToBase64());
                writer.Write('\n');
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string ToOctal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
