using System.CommandLine;
using System.Text.Json;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Status;

namespace Babelwire.Agent.Cli;

/// <summary><c>babelwire-agent status [--json] [--summary] [--socket PATH]</c>.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the JSON report instead of tables" };
        var summary = new Option<bool>("--summary") { Description = "Only the counts (cheap at any table size)" };
        var socket = new Option<string>("--socket")
        {
            Description = "The agent's status socket",
            DefaultValueFactory = _ => new AgentOptions().StatusSocket,
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the agent",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("status", "Print the running agent's neighbours and routes") { json, summary, socket, timeout };
        command.SetAction((result, cancellationToken) => PrintAsync(
            result.GetRequiredValue(socket), result.GetValue(json), result.GetValue(summary), result.GetValue(timeout), result.InvocationConfiguration, cancellationToken));
        return command;
    }

    private static async Task<int> PrintAsync(string socket, bool asJson, bool summaryOnly, int timeoutSeconds, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await StatusClient.RequestAsync(socket, summaryOnly, TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds)), cancellationToken).ConfigureAwait(false);
        }
        catch (StatusUnavailableException e)
        {
            await console.Error.WriteLineAsync($"babelwire-agent: {e.Message}").ConfigureAwait(false);
            return ExitCodes.NotRunning;
        }
        if (asJson)
        {
            await console.Output.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        StatusReport? report;
        try
        {
            report = JsonSerializer.Deserialize(text, StatusJsonContext.Default.StatusReport);
        }
        catch (JsonException e)
        {
            await console.Error.WriteLineAsync($"babelwire-agent: the agent's reply is not a status report: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        if (report is null)
            return ExitCodes.Failure;
        await console.Output.WriteAsync(summaryOnly ? StatusFormatter.Summary(report) : StatusFormatter.Full(report)).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
