namespace Babelwire.Bench.Controller;

/// <summary>
/// The controller benchmark inside its network namespace: one run per agent count, each row written to standard
/// output as a <see cref="RowLine"/> as soon as the run ends, so the table keeps what finished if a later run fails.
/// </summary>
internal static class ControllerBenchmark
{
    public static async Task<int> RunAsync(ControllerBenchOptions options, CancellationToken cancellationToken)
    {
        var dll = ControllerProcess.FindDll();
        if (dll is null)
        {
            Console.Error.WriteLine($"bench: controller: {ControllerProcess.DllName} not found under Controller/bin/Release; build with -c Release (bench/run.sh does)");
            return 1;
        }
        foreach (var agents in options.Agents)
        {
            IEnumerable<BenchRow> rows;
            try
            {
                rows = ControllerRows.For(await ControllerRun.RunAsync(dll, agents, options, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                ControllerRun.Log($"{agents} agents failed: {e}");
                rows = [ControllerRows.Failed(agents, $"{e.GetType().Name}: {FirstLine(e.Message)}")];
            }
            foreach (var row in rows)
            {
                Console.Out.WriteLine(RowLine.Format(row));
            }
            await Console.Out.FlushAsync(cancellationToken);
        }
        return 0;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
