using System.Collections.Concurrent;

namespace Babelwire.Controller.Security;

/// <summary>
/// Throttles the <c>api_keys.last_used_at</c> writes: a key's use is written at most once per <see cref="WriteInterval"/>
/// (per controller process), so that an admin client polling the API does not turn every read into a write.
/// </summary>
public sealed class ApiKeyUsage(TimeProvider time)
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, long> _lastWrite = new();

    /// <summary>True when this use should be written (and records that it is).</summary>
    public bool ShouldWrite(Guid keyId)
    {
        var now = time.GetTimestamp();
        while (true)
        {
            if (!_lastWrite.TryGetValue(keyId, out var last))
            {
                if (_lastWrite.TryAdd(keyId, now))
                {
                    return true;
                }
                continue;
            }
            if (time.GetElapsedTime(last, now) < WriteInterval)
            {
                return false;
            }
            if (_lastWrite.TryUpdate(keyId, now, last))
            {
                return true;
            }
        }
    }
}
