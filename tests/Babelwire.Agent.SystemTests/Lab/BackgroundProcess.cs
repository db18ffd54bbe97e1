using System.Diagnostics;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// A long-running process (babeld, the agent, <c>ip monitor</c>) whose output is kept, bounded, for failure messages,
/// and can be waited on line by line. Disposing kills it if it is still running.
/// </summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private const int KeptLines = 400;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Action<string>? _onLine;
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lineCount;
    private int _id;
    private int? _exitCodeAfterDispose;

    private BackgroundProcess(string name, Process process, Action<string>? onLine)
    {
        Name = name;
        _process = process;
        _onLine = onLine;
    }

    public string Name { get; }

    public int Id => _id;

    public bool HasExited => _exitCodeAfterDispose is not null || _process.HasExited;

    private int ExitCode => _exitCodeAfterDispose ?? _process.ExitCode;

    public long LineCount => Interlocked.Read(ref _lineCount);

    /// <summary>Starts <paramref name="file"/>; every output line (stdout and stderr) goes to <paramref name="onLine"/> too.</summary>
    public static BackgroundProcess Start(string name, string file, IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new BackgroundProcess(name, process, onLine);
        process.OutputDataReceived += (_, e) => started.OnData(e.Data, started._outputClosed);
        process.ErrorDataReceived += (_, e) => started.OnData(e.Data, started._errorClosed);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {name}: {file}");
        }

        started._id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The last lines the process printed, for a failure message.</summary>
    public string Tail(int lines = 60)
    {
        lock (_tail)
        {
            var kept = _tail.Skip(Math.Max(0, _tail.Count - lines));
            var state = HasExited ? $"exited {ExitCode}" : "running";
            return $"--- {Name} (pid {Id}, {state}), last output:\n{string.Join('\n', kept)}\n---";
        }
    }

    /// <summary>Waits for a line matching <paramref name="match"/>, including lines already printed.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_tail)
        {
            var earlier = _tail.FirstOrDefault(match);
            if (earlier is not null)
            {
                return earlier;
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} printed no expected line within {timeout}\n{Tail()}");
        }
        finally
        {
            lock (_tail)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }
        }
    }

    /// <summary>Asks the process to stop (SIGTERM), then kills it if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (HasExited)
        {
            return;
        }

        await Command.RunAsync("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken: cancellationToken);
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(grace, cancellationToken);
        }
        catch (TimeoutException)
        {
            Kill();
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as if it had crashed.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits, bounded, for the process to exit and its output to be fully read.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(timeout, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_exitCodeAfterDispose is not null)
        {
            return;
        }

        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Unkillable within 5 s (a D-state process); nothing more can be done here.
        }

        _exitCodeAfterDispose = _process.HasExited ? _process.ExitCode : -1;
        _process.Dispose();
    }

    private void OnData(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        Interlocked.Increment(ref _lineCount);
        _onLine?.Invoke(line);
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }

            foreach (var (match, found) in _waiters)
            {
                if (match(line))
                {
                    found.TrySetResult(line);
                }
            }
        }
    }
}
