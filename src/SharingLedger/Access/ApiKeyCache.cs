using System.Collections.Concurrent;
using Marten;
using Marten.Services;

namespace SharingLedger.Access;

/// <summary>
/// Issued API keys as last read, for <see cref="Lifetime"/> at most, so a busy caller's key is not looked up on every request.
/// Revocation and rotation are honoured at once on the node that records them (<see cref="Eviction"/> drops the key when the
/// transaction that revoked or rotated it commits) and within <see cref="Lifetime"/> on every other node. An unknown key is
/// never cached (a key issued a moment ago works at once).
/// </summary>
public sealed class ApiKeyCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Guid, (ApiKey Key, long ReadAt)> _keys = new();

    public async Task<ApiKey?> FindAsync(Guid keyId, Func<Task<ApiKey?>> read)
    {
        var now = time.GetTimestamp();
        if (_keys.TryGetValue(keyId, out var hit) && time.GetElapsedTime(hit.ReadAt, now) < Lifetime) return hit.Key;
        var key = await read();
        if (key is null) _keys.TryRemove(keyId, out _);
        else _keys[keyId] = (key, now);
        return key;
    }

    public void Forget(Guid keyId) => _keys.TryRemove(keyId, out _);

    /// <summary>Drops a key from the cache when a transaction that revoked or rotated it commits.</summary>
    public sealed class Eviction(ApiKeyCache cache) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            foreach (var e in commit.GetEvents())
            {
                if (e.Data is ApiKeyRevoked revoked) cache.Forget(revoked.KeyId);
                if (e.Data is ApiKeyRotated rotated) cache.Forget(rotated.KeyId);
            }
            return Task.CompletedTask;
        }
    }
}
