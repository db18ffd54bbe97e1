using System.Globalization;
using System.Text.RegularExpressions;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// Names for interfaces that are global to the machine (a wireguard-go interface's UAPI socket lives in
/// <see cref="WireGuardSocketDirectory"/>, shared by every namespace), and files outside the lab's temporary
/// directory that must go with the lab.
/// </summary>
public sealed partial class NetworkLab
{
    /// <summary>Where wireguard-go puts its UAPI sockets, one per interface, for every namespace alike.</summary>
    public const string WireGuardSocketDirectory = "/var/run/wireguard";

    private const int MaxInterfaceNameLength = 15; // IFNAMSIZ - 1

    private readonly List<string> _filesToDelete = [];

    /// <summary>The lab's number within this process (the <c>N</c> of <see cref="Prefix"/>).</summary>
    public int Number { get; private init; }

    /// <summary>
    /// A machine-wide unique interface name, <c>bw{pid}-{n}{suffix}</c> (at most 15 characters), for interfaces whose
    /// name must not clash across namespaces (wireguard-go's UAPI socket is named after it).
    /// </summary>
    public string UniqueInterfaceName(string suffix)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"bw{Environment.ProcessId}-{Number}{suffix}");
        return name.Length <= MaxInterfaceNameLength
            ? name
            : throw new ArgumentException($"interface name {name} is longer than {MaxInterfaceNameLength} characters", nameof(suffix));
    }

    /// <summary>Deletes <paramref name="path"/> (if it still exists) when the lab is disposed, after its processes are killed.</summary>
    public void DeleteOnDispose(string path)
    {
        lock (_filesToDelete)
        {
            _filesToDelete.Add(path);
        }
    }

    private void DeleteRegisteredFiles()
    {
        string[] files;
        lock (_filesToDelete)
        {
            files = [.. _filesToDelete];
        }

        foreach (var file in files.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    /// <summary>Deletes UAPI sockets named <c>bwPID-…</c> whose PID is no longer running (a wireguard-go killed with its lab).</summary>
    private static void SweepAbandonedWireGuardSockets()
    {
        if (!Directory.Exists(WireGuardSocketDirectory))
        {
            return;
        }

        foreach (var socket in Directory.EnumerateFiles(WireGuardSocketDirectory, "bw*.sock"))
        {
            var match = AbandonedSocketName().Match(Path.GetFileName(socket));
            if (match.Success
                && int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture) != Environment.ProcessId
                && !Directory.Exists($"/proc/{match.Groups["pid"].Value}"))
            {
                File.Delete(socket);
            }
        }
    }

    [GeneratedRegex(@"^bw(?<pid>\d+)-\d+\S*\.sock$")]
    private static partial Regex AbandonedSocketName();
}
