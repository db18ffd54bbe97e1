using System.Diagnostics;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>Runs short commands to completion with a time limit; a command that overruns is killed.</summary>
public static class Command
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the command; never throws for a non-zero exit (see <see cref="CheckedAsync"/>).</summary>
    public static async Task<ProcessResult> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan? timeout = null, string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var text = $"{file} {string.Join(' ', info.ArgumentList)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {text}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{text}` did not finish within {timeout ?? DefaultTimeout}");
        }

        return new ProcessResult(text, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the command and throws, with its output, unless it exits 0.</summary>
    public static async Task<ProcessResult> CheckedAsync(
        string file, IEnumerable<string> arguments, TimeSpan? timeout = null, string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(file, arguments, timeout, standardInput, cancellationToken);
        return result.Succeeded ? result : throw new InvalidOperationException(result.ToString());
    }
}
