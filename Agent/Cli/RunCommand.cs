using System.CommandLine;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Cli;

/// <summary><c>babelwire-agent run --config FILE</c>: standalone mode, no controller.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config", "-c")
        {
            Description = "The agent's JSON config file (see Agent/README.md)",
            Required = true,
        };
        var logLevel = new Option<LogLevel?>("--log-level")
        {
            Description = "Overrides the config file's logLevel (Trace, Debug, Information, Warning, Error)",
        };
        var check = new Option<bool>("--check")
        {
            Description = "Only validate the config file, then exit",
        };
        var command = new Command("run", "Run the Babel engine on the configured interfaces") { config, logLevel, check };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetRequiredValue(config), result.GetValue(logLevel), result.GetValue(check), result.InvocationConfiguration, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        FileInfo configFile, LogLevel? logLevel, bool checkOnly, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        // Validate before anything starts: a bad file changes nothing and prints every problem, each naming its key.
        var loaded = AgentConfiguration.Load(configFile.FullName);
        if (loaded.Options is not { } options)
        {
            await console.Error.WriteLineAsync($"babelwire-agent: invalid configuration in {configFile.FullName}:").ConfigureAwait(false);
            foreach (var error in loaded.Errors)
                await console.Error.WriteLineAsync($"  {error}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }
        if (checkOnly)
        {
            await console.Output.WriteLineAsync($"{configFile.FullName}: valid").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "babelwire-agent" });
        builder.AddAgentServices(options, logLevel ?? options.LogLevel);
        using var host = builder.Build();
        var exit = host.Services.GetRequiredService<AgentExit>();   // RunAsync disposes the container
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or IOException)
        {
            // The file changed between the check above and the start, or the host could not start: no stack trace.
            await console.Error.WriteLineAsync($"babelwire-agent: cannot start: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            // Stopped (SIGTERM, Ctrl+C) while still starting, e.g. waiting for the controller to enrol us.
            return exit.Code;
        }
        return exit.Code;
    }
}
