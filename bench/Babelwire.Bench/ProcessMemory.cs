using System.Globalization;

namespace Babelwire.Bench;

/// <summary>A process's peak resident set (VmHWM), read from /proc.</summary>
internal static class ProcessMemory
{
    /// <summary>VmHWM in bytes, or null if the process is gone.</summary>
    public static long? PeakResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            var kb = line?.Split(' ', '\t').Where(t => t.Length > 0).ElementAtOrDefault(1);
            return kb is null ? null : long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The memory lines of /proc/PID/status (VmRSS, VmHWM, RssAnon, RssFile, RssShmem) in bytes; empty if the process
    /// is gone.
    /// </summary>
    public static IReadOnlyDictionary<string, long> Status(int pid)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                var tokens = line.Split([' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length == 3 && tokens[2] == "kB" && long.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                {
                    fields[tokens[0]] = kb * 1024;
                }
            }
        }
        catch (IOException)
        {
            fields.Clear();
        }

        return fields;
    }

    /// <summary>
    /// The <paramref name="count"/> mappings with the most resident memory (/proc/PID/smaps, summed per file name;
    /// anonymous mappings as [anon]), e.g. "System.Private.CoreLib.dll 12.8 MB"; empty if the process is gone.
    /// </summary>
    public static IReadOnlyList<(string Mapping, long Bytes)> LargestMappings(int pid, int count)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            var current = "[anon]";
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
            {
                var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length >= 5 && tokens[0].Contains('-', StringComparison.Ordinal) && !tokens[0].EndsWith(':'))
                {
                    current = tokens.Length >= 6 ? Path.GetFileName(tokens[5]) : "[anon]";
                }
                else if (tokens is ["Rss:", var kb, "kB"])
                {
                    sums[current] = sums.GetValueOrDefault(current) + (long.Parse(kb, CultureInfo.InvariantCulture) * 1024);
                }
            }
        }
        catch (IOException)
        {
            return [];
        }

        return [.. sums.OrderByDescending(s => s.Value).Take(count).Select(s => (s.Key, s.Value))];
    }

    public static string Format(long? bytes) =>
        bytes is null ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{bytes.Value / (1024.0 * 1024.0):F1} MB");
}
