namespace Babelwire.Bench.Dashboard;

/// <summary>The processes below one process (Chromium's renderers below Playwright's driver below the bench), from
/// /proc: their CPU ticks, for the browser's share of the machine.</summary>
internal static class ProcessTree
{
    /// <summary>Every process whose chain of parents reaches <paramref name="root"/> (not the root itself).</summary>
    public static IReadOnlySet<int> Descendants(IEnumerable<(int Pid, int ParentPid)> processes, int root)
    {
        var children = processes.ToLookup(p => p.ParentPid, p => p.Pid);
        var found = new HashSet<int>();
        var stack = new Stack<int>([root]);
        while (stack.Count > 0)
        {
            foreach (var child in children[stack.Pop()])
            {
                if (child != root && found.Add(child))
                {
                    stack.Push(child);
                }
            }
        }
        return found;
    }

    /// <summary>CPU ticks (user + system) of the processes below <paramref name="root"/> whose command name starts with
    /// <paramref name="commandPrefix"/>, as they are now (processes that exited are not counted).</summary>
    public static long Ticks(int root, string commandPrefix)
    {
        var all = new List<(int, int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Controller.ProcessCpuTimes.Read(pid) is { } times)
            {
                all.Add((pid, times.ParentPid, times.OwnTicks));
            }
        }
        var below = Descendants(all.Select(p => (p.Item1, p.Item2)), root);
        long ticks = 0;
        foreach (var (pid, _, own) in all)
        {
            if (below.Contains(pid) && Command(pid).StartsWith(commandPrefix, StringComparison.Ordinal))
            {
                ticks += own;
            }
        }
        return ticks;
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
