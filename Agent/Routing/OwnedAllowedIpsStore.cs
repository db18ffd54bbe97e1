using System.Net;
using System.Text.Json;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Routing;

/// <summary>
/// The record of what the agent put into peers' AllowedIPs, kept in the state directory so that a restart (even
/// after a crash) removes exactly the stale entries it owns and nothing it does not (docs/code-style.md §6). Written before a
/// transaction as the union of old and new, and after it as the new set: a crash in between leaves a superset,
/// never an entry that is ours and unrecorded. Replaced atomically (write, then rename).
/// </summary>
public sealed class OwnedAllowedIpsStore(string path)
{
    public const string DefaultFileName = "wireguard-allowed-ips.json";

    public string Path { get; } = path;

    /// <exception cref="InvalidDataException">The file exists but cannot be read as the record.</exception>
    public Dictionary<WireGuardKey, HashSet<IPNetwork>> Load()
    {
        var result = new Dictionary<WireGuardKey, HashSet<IPNetwork>>();
        if (!File.Exists(Path))
            return result;
        Dictionary<string, string[]>? raw;
        try
        {
            raw = JsonSerializer.Deserialize(File.ReadAllText(Path), RoutingJsonContext.Default.DictionaryStringStringArray);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path} is not the record of owned AllowedIPs ({e.Message}); fix or delete it", e);
        }
        foreach (var (key, prefixes) in raw ?? [])
        {
            if (!WireGuardKey.TryParse(key, out var publicKey))
                throw new InvalidDataException($"{Path}: '{key}' is not a WireGuard public key; fix or delete the file");
            var set = new HashSet<IPNetwork>();
            foreach (var p in prefixes)
            {
                if (!IPNetwork.TryParse(p, out var prefix))
                    throw new InvalidDataException($"{Path}: '{p}' is not a prefix; fix or delete the file");
                set.Add(prefix);
            }
            result[publicKey] = set;
        }
        return result;
    }

    public void Save(IReadOnlyDictionary<WireGuardKey, HashSet<IPNetwork>> owned)
    {
        var raw = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, prefixes) in owned)
        {
            if (prefixes.Count > 0)
                raw[key.ToString()] = [.. prefixes.Select(p => p.ToString()).Order(StringComparer.Ordinal)];
        }
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Dictionary<string, string[]>(raw), RoutingJsonContext.Default.DictionaryStringStringArray));
        File.Move(temporary, Path, overwrite: true);
    }
}
