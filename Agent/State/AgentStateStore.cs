using System.Globalization;
using Babelwire.Agent.Babel;

namespace Babelwire.Agent.State;

/// <summary>
/// What the agent keeps across restarts in its state directory: the generated router-id and our own seqno.
/// RFC 8966 §3.2.2: after a restart with the same router-id the seqno must not go backwards, or neighbours'
/// feasibility distances make our routes unfeasible until their sources are collected. babeld keeps the same
/// state file and starts at saved + 1. Files are replaced atomically (write, then rename).
/// </summary>
public sealed class AgentStateStore(string directory)
{
    public const string RouterIdFile = "router-id";
    public const string SeqnoFile = "seqno";

    public string Directory { get; } = directory;

    /// <summary>The router-id saved here, or a new random one saved now.</summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a valid router-id: refuse rather than change identity.</exception>
    public RouterId LoadOrCreateRouterId(Random random, out bool created)
    {
        var path = Path.Combine(Directory, RouterIdFile);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            if (!RouterId.TryParse(text, out var saved) || !saved.IsValid)
                throw new InvalidDataException($"{path} does not hold a router-id ('{text}'); fix or delete it");
            created = false;
            return saved;
        }
        RouterId id;
        do
        {
            id = new RouterId((ulong)random.NextInt64() ^ ((ulong)random.Next() << 63));
        }
        while (!id.IsValid);
        WriteAtomically(path, id.ToString());
        created = true;
        return id;
    }

    /// <summary>
    /// The seqno to start from: saved + 1, or a random one when nothing (readable) was saved. Saved at once, so a
    /// crash before the next save still moves the next start forward.
    /// </summary>
    public SeqNo StartSeqno(Random random, out SeqNo? saved)
    {
        saved = ReadSeqno();
        var start = saved is { } s ? s.Plus(1) : new SeqNo((ushort)random.Next(0, 0x10000));
        SaveSeqno(start);
        return start;
    }

    public SeqNo? ReadSeqno()
    {
        var path = Path.Combine(Directory, SeqnoFile);
        if (!File.Exists(path))
            return null;
        return ushort.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? new SeqNo(v)
            : null;
    }

    public void SaveSeqno(SeqNo seqno) => WriteAtomically(Path.Combine(Directory, SeqnoFile), seqno.ToString());

    private void WriteAtomically(string path, string content)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using var writer = new StreamWriter(stream);
            writer.Write(content);
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
