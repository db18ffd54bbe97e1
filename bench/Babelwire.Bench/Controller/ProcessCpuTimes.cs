using System.Globalization;

namespace Babelwire.Bench.Controller;

/// <summary>The CPU times of one process from /proc/PID/stat, in clock ticks (proc(5): fields 4 and 14-17).</summary>
/// <param name="ChildUserTicks">cutime: CPU of children it has waited for (PostgreSQL's exited backends).</param>
internal readonly record struct ProcessCpuTimes(int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks)
{
    // Fields after the parenthesised command name, counted from "state" (field 3 of proc(5)) as index 0.
    private const int ParentPidIndex = 4 - 3;
    private const int UserTicksIndex = 14 - 3;
    private const int SystemTicksIndex = 15 - 3;
    private const int ChildUserTicksIndex = 16 - 3;
    private const int ChildSystemTicksIndex = 17 - 3;

    public long OwnTicks => UserTicks + SystemTicks;

    /// <summary>Parses the one line of /proc/PID/stat. The command name may hold spaces and parentheses, so the
    /// fields are counted from the last ')'.</summary>
    public static bool TryParse(string line, out ProcessCpuTimes times)
    {
        times = default;
        var close = line.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }
        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length <= ChildSystemTicksIndex
            || !int.TryParse(fields[ParentPidIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !long.TryParse(fields[UserTicksIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[SystemTicksIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            || !long.TryParse(fields[ChildUserTicksIndex], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var childUser)
            || !long.TryParse(fields[ChildSystemTicksIndex], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var childSystem))
        {
            return false;
        }
        times = new ProcessCpuTimes(parent, user, system, childUser, childSystem);
        return true;
    }

    /// <summary>The process's times now, or null when it is gone.</summary>
    public static ProcessCpuTimes? Read(int pid)
    {
        try
        {
            return TryParse(File.ReadAllText($"/proc/{pid}/stat"), out var times) ? times : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
