using System.Net.Sockets;
using Babelwire.Agent.Configuration;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Hosting;

internal sealed class InterfaceWatcher(
    AgentOptions options, IInterfaceResolver resolver, IBabelTransport transport, AgentInbox inbox, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Waits for each configured interface and its link-local address, then hands it to the loop; afterwards keeps
    /// looking, and replaces an interface that went away or came back with another index, address or MTU.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var running = new Dictionary<string, ResolvedInterface>(StringComparer.Ordinal);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var lastFullCheck = time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var fullCheck = time.GetElapsedTime(lastFullCheck) >= options.InterfaceCheckInterval;
                if (fullCheck)
                    lastFullCheck = time.GetTimestamp();
                foreach (var config in options.Interfaces)
                {
                    var isRunning = running.TryGetValue(config.Name, out var current);
                    if (isRunning && !fullCheck)
                        continue;
                    var resolved = resolver.TryResolve(config.Name, out var problem);
                    if (isRunning)
                    {
                        if (resolved == current)
                            continue;
                        running.Remove(config.Name);
                        await inbox.Writer.WriteAsync(
                            new InterfaceGoneInput(config.Name, resolved is null ? problem : "index, address or MTU changed"), cancellationToken).ConfigureAwait(false);
                        problems[config.Name] = problem;
                    }
                    if (resolved is null)
                    {
                        if (problems.GetValueOrDefault(config.Name) != problem)
                            Log.InterfaceWaiting(logger, config.Name, problem);
                        problems[config.Name] = problem;
                        continue;
                    }
                    // Unicast interfaces join too: babeld sends its scheduled Hellos to ff02::1:6 even with
                    // "unicast true" (docs/babel-notes.md §4). Only a multicast interface needs the group to work at all.
                    try
                    {
                        transport.JoinMulticast(resolved);
                    }
                    catch (SocketException e) when (config.Kind == InterfaceMode.Multicast)
                    {
                        Log.MulticastJoinFailed(logger, config.Name, e.SocketErrorCode);
                        continue;
                    }
                    catch (SocketException e)
                    {
                        Log.MulticastJoinSkipped(logger, config.Name, e.SocketErrorCode);
                    }
                    await inbox.Writer.WriteAsync(new InterfaceReadyInput(resolved), cancellationToken).ConfigureAwait(false);
                    running[config.Name] = resolved;
                    problems.Remove(config.Name);
                }
                var waiting = running.Count < options.Interfaces.Count;
                await Task.Delay(waiting ? Retry : options.InterfaceCheckInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
