using System.Runtime.Versioning;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

[UnsupportedOSPlatform("windows")]
public sealed class WireGuardKeyFileTests
{
    [Fact]
    public void A_missing_key_file_is_created_with_mode_0600_and_then_loaded_unchanged()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "state", "private.key");

        var created = WireGuardKeyFile.LoadOrCreate(path, out var wasCreated);
        var loaded = WireGuardKeyFile.LoadOrCreate(path, out var createdAgain);

        Assert.True(wasCreated);
        Assert.False(createdAgain);
        Assert.Equal(created, loaded);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(created.ToBase64() + "\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_key_file_readable_by_others_is_refused_with_what_to_do()
    {
        using var dir = new TempDirectory();
        var path = dir.File("private.key");
        File.WriteAllText(path, WireGuardKey.GeneratePrivateKey().ToBase64() + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<WireGuardKeyFileException>(() => WireGuardKeyFile.LoadOrCreate(path, out _));

        Assert.Contains("0644", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_without_a_key_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("private.key");
        File.WriteAllText(path, "not a key\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<WireGuardKeyFileException>(() => WireGuardKeyFile.Load(path));
    }

    [Fact]
    public void A_key_written_by_wg_genkey_with_mode_0600_loads()
    {
        using var dir = new TempDirectory();
        var path = dir.File("private.key");
        WireGuardKeyFile.Write(path, WireGuardKey.Parse("6F1hHnwDdOqqD6EYVw0o3/zNA551zrsSbehFGWgxYHM="));

        Assert.Equal("RmuAWjDAGH6byzgYC2TYNmtlGzYA4msP6gSGT61QFyA=", WireGuardKeyFile.Load(path).DerivePublicKey().ToBase64());
    }
}
