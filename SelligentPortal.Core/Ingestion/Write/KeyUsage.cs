using System.Collections.Concurrent;

namespace SelligentPortal.Core.Ingestion.Write;

/// <summary>
/// Which write keys' "last used" time is worth writing: at most once a minute per key, so a busy
/// source does not cost every commit group an update.
/// </summary>
public sealed class KeyUsage
{
    private static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, DateTime> _lastWritten = new();

    /// <summary>The keys to write now (and remembered as written).</summary>
    public List<Guid> DueForUpdate(IEnumerable<Guid> keyIds, DateTime now)
    {
        var due = new List<Guid>();
        foreach (var keyId in keyIds.Distinct())
        {
            if (!_lastWritten.TryGetValue(keyId, out var last) || now - last >= Resolution)
            {
                _lastWritten[keyId] = now;
                due.Add(keyId);
            }
        }

        return due;
    }
}
