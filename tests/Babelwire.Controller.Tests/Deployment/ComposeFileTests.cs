using System.Diagnostics;

namespace Babelwire.Controller.Tests.Deployment;

/// <summary>docker-compose.yml is checked with Debian's docker-compose, which validates without a container engine.</summary>
public sealed class ComposeFileTests
{
    private const string Executable = "/usr/bin/docker-compose";

    [Fact]
    public async Task Compose_file_is_valid_when_the_secrets_are_given()
    {
        var result = await ConfigAsync(new() { ["POSTGRES_PASSWORD"] = "pw", ["BABELWIRE_ADMIN_KEY"] = "key" });

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Compose_file_refuses_to_start_without_the_admin_key()
    {
        var result = await ConfigAsync(new() { ["POSTGRES_PASSWORD"] = "pw" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("BABELWIRE_ADMIN_KEY", result.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> ConfigAsync(Dictionary<string, string> environment)
    {
        if (!File.Exists(Executable))
        {
            const string message = $"{Executable} is not installed (Debian package docker-compose; scripts/install-deps.sh installs it)";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }
            Assert.Skip(message);
        }
        var info = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-f", Path.Combine(RepositoryRoot(), "docker-compose.yml"), "config", "-q" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment.Remove("POSTGRES_PASSWORD");
        info.Environment.Remove("BABELWIRE_ADMIN_KEY");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Babelwire.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"Babelwire.slnx not found above {AppContext.BaseDirectory}");
    }
}
