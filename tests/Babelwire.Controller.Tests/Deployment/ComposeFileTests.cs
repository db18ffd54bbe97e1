using System.Diagnostics;

namespace Babelwire.Controller.Tests.Deployment;

/// <summary>docker-compose.yml is checked with Debian's docker-compose, which validates without a container engine.</summary>
public sealed class ComposeFileTests
{
    private const string Executable = "/usr/bin/docker-compose";

    private static readonly string[] Secrets = ["POSTGRES_PASSWORD", "BABELWIRE_ADMIN_KEY", "DASHBOARD_ADMIN_PASSWORD"];

    private static Dictionary<string, string> AllSecrets() => Secrets.ToDictionary(name => name, name => $"test-{name}");

    [Fact]
    public async Task Compose_file_is_valid_when_the_secrets_are_given()
    {
        var result = await ConfigAsync(AllSecrets(), "-q");

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Theory]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("BABELWIRE_ADMIN_KEY")]
    [InlineData("DASHBOARD_ADMIN_PASSWORD")]
    public async Task Compose_file_refuses_to_start_without_a_secret(string missing)
    {
        var environment = AllSecrets();
        environment.Remove(missing);

        var result = await ConfigAsync(environment, "-q");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(missing, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_file_has_the_database_the_controller_the_proxy_and_agents()
    {
        var result = await ConfigAsync(AllSecrets(), "--services");

        Assert.True(result.ExitCode == 0, result.Output);
        var services = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order();
        Assert.Equal(["agent", "caddy", "controller", "postgres"], services);
    }

    [Fact]
    public async Task Agents_get_the_tun_device_and_net_admin_and_the_secrets_reach_the_controller()
    {
        var result = await ConfigAsync(AllSecrets());

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("- NET_ADMIN", result.Output, StringComparison.Ordinal);
        Assert.Contains("- /dev/net/tun:/dev/net/tun", result.Output, StringComparison.Ordinal);
        Assert.Contains("Dashboard__Admin__Password: test-DASHBOARD_ADMIN_PASSWORD", result.Output, StringComparison.Ordinal);
        Assert.Contains("Admin__BootstrapApiKey: test-BABELWIRE_ADMIN_KEY", result.Output, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8080/health/ready", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_image_is_pinned_to_a_version_tag()
    {
        var result = await ConfigAsync(AllSecrets());

        Assert.True(result.ExitCode == 0, result.Output);
        var images = result.Output.Split('\n').Select(line => line.Trim())
            .Where(line => line.StartsWith("image: ", StringComparison.Ordinal))
            .Select(line => line["image: ".Length..])
            .ToList();
        Assert.Equal(4, images.Count);
        Assert.All(images, image =>
        {
            var colon = image.LastIndexOf(':');
            Assert.True(colon > 0 && !image[(colon + 1)..].Contains('/', StringComparison.Ordinal), $"{image} has no tag");
            Assert.NotEqual("latest", image[(colon + 1)..]);
        });
    }

    private static async Task<(int ExitCode, string Output)> ConfigAsync(Dictionary<string, string> environment, params string[] options)
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
        // An empty env file: a developer's .env next to docker-compose.yml must not decide the result.
        var envFile = Path.Combine(Path.GetTempPath(), $"babelwire-compose-{Guid.NewGuid():N}.env");
        await File.WriteAllTextAsync(envFile, "", TestContext.Current.CancellationToken);
        try
        {
            return await RunAsync(environment, envFile, options);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string> environment, string envFile, string[] options)
    {
        var info = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-f", Path.Combine(RepositoryRoot(), "docker-compose.yml"), "--env-file", envFile, "config" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var option in options)
        {
            info.ArgumentList.Add(option);
        }
        foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("BABELWIRE_", StringComparison.Ordinal) || name.StartsWith("DASHBOARD_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }
        foreach (var name in Secrets)
        {
            info.Environment.Remove(name);
        }
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
