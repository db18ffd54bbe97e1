namespace Babelwire.Bench.Controller;

/// <summary>CPU ticks of a process and its live children plus the children it has reaped: PostgreSQL's postmaster and
/// its backends (a backend that exits between two readings is counted once it is reaped, through cutime/cstime).</summary>
internal static class ProcessGroupCpu
{
    public static long Ticks(int rootPid)
    {
        if (ProcessCpuTimes.Read(rootPid) is not { } root)
        {
            return 0;
        }
        var ticks = root.OwnTicks + root.ChildUserTicks + root.ChildSystemTicks;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != rootPid
                && ProcessCpuTimes.Read(pid) is { } child && child.ParentPid == rootPid)
            {
                ticks += child.OwnTicks;
            }
        }
        return ticks;
    }
}
