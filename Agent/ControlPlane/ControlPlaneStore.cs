using System.Text.Json;
using Babelwire.Shared.Mesh;

namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// The control plane's files in the state directory: the enrolment (it holds the hub credential) and the last peer
/// set, so an agent restarted while the controller is away still has its peers. Both are written mode 0600 and
/// atomically (a temporary file, then a rename), so a crash leaves the old file or the new one, never half of one.
/// </summary>
public sealed class ControlPlaneStore(string directory)
{
    public const string EnrolmentFile = "enrolment.json";
    public const string PeerSetFile = "controller-peers.json";

    public string EnrolmentPath => Path.Combine(directory, EnrolmentFile);

    public string PeerSetPath => Path.Combine(directory, PeerSetFile);

    /// <summary>The stored enrolment, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not an enrolment: refuse rather than enrol again behind the operator's back.</exception>
    public StoredEnrolment? LoadEnrolment() => Load(EnrolmentPath, ControlPlaneJsonContext.Default.StoredEnrolment);

    public void SaveEnrolment(StoredEnrolment enrolment)
        => WriteAtomically(EnrolmentPath, JsonSerializer.SerializeToUtf8Bytes(enrolment, ControlPlaneJsonContext.Default.StoredEnrolment));

    /// <summary>The last peer set received, or null.</summary>
    public PeerSetDto? LoadPeerSet() => Load(PeerSetPath, ControlPlaneJsonContext.Default.PeerSetDto);

    public void SavePeerSet(PeerSetDto peerSet)
        => WriteAtomically(PeerSetPath, JsonSerializer.SerializeToUtf8Bytes(peerSet, ControlPlaneJsonContext.Default.PeerSetDto));

    public void DeletePeerSet() => File.Delete(PeerSetPath);

    private static T? Load<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), type) ?? throw new InvalidDataException($"{path} is empty; fix or delete it");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid ({e.Message}); fix or delete it", e);
        }
    }

    private void WriteAtomically(string path, byte[] content)
    {
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.Delete(temporary);   // the mode applies only to a file the call creates
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
