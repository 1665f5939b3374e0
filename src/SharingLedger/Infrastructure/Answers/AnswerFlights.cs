using System.Collections.Concurrent;
using Marten;
using NodaTime;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// One node's recomputations of stale stored answers, each shared by the requests that found the same answer stale under the
/// same stamps: when a change makes a busy member's answer stale, the requests in flight for it wait for one computation
/// instead of each working it out and storing it again (docs/decisions.md, "One recomputation of a stale answer per node").
/// Sharing is safe because of what the stamps promise (<see cref="StoredAnswers"/>): a request that read the stamps the first
/// one read saw no change commit since, so the first one's answer holds for it too.
/// </summary>
public sealed class AnswerFlights
{
    private readonly ConcurrentDictionary<Key, Task<object>> flights = new();

    /// <summary>
    /// A member's stored answer of <paramref name="kind"/> as <paramref name="fromStored"/> makes it while it still holds (null from it:
    /// not the answer asked for), otherwise <paramref name="work"/>'s, given the stamps it is to be stored under: worked out once for the
    /// requests that find it stale under the same stamps (<see cref="ShareAsync{T}"/>).
    /// </summary>
    public async Task<T> ServeAsync<T>(IQuerySession session, string kind, Guid member, string question, Instant now,
        Func<StoredAnswers.Lookup, T?> fromStored, Func<StoredAnswers.Lookup, Task<T>> work, CancellationToken ct) where T : class
    {
        var stored = await StoredAnswers.ReadAsync(session, kind, member, now, ct);
        if (stored.Body is not null && fromStored(stored) is { } answer) return answer;
        return await ShareAsync(session.TenantId, kind, member, question, stored, now, () => work(stored), ct);
    }

    /// <summary>
    /// <paramref name="work"/>'s result for the answer <paramref name="read"/> found stale, worked out once for every request of the
    /// same member, kind and question (<paramref name="question"/>: what else the request asked) that read the same stamps in the
    /// same quarter of an hour (no consortium's day turns within one: every time zone's offset is a whole number of quarters).
    /// The request that starts the work runs it with its own session and cancellation; one that joins and then sees the work
    /// fail or cancelled runs it itself, so another request's abort or error is never its answer.
    /// </summary>
    public async Task<T> ShareAsync<T>(string tenant, string kind, Guid member, string question, StoredAnswers.Lookup read, Instant now,
        Func<Task<T>> work, CancellationToken ct) where T : class
    {
        var key = new Key(tenant, kind, member, question, read.ConsortiumStamp, read.MemberStamp, now.ToUnixTimeTicks() / Quarter);
        var mine = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = flights.GetOrAdd(key, mine.Task);
        if (flight != mine.Task)
        {
            Interlocked.Increment(ref waiting);
            try
            {
                return (T)await flight.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return await work(); // the one who started it failed or was cancelled: this request's own answer
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        }
        try
        {
            var result = await work();
            mine.SetResult(result);
            return result;
        }
        catch
        {
            mine.SetCanceled(CancellationToken.None); // joiners work it out themselves; nobody is left with an unobserved error
            throw;
        }
        finally
        {
            flights.TryRemove(new KeyValuePair<Key, Task<object>>(key, mine.Task));
        }
    }

    /// <summary>Computations under way now (for tests and diagnostics).</summary>
    public int InFlight => flights.Count;

    /// <summary>Requests waiting now for a computation another request started (for tests and diagnostics).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    private int waiting;

    private static readonly long Quarter = Duration.FromMinutes(15).BclCompatibleTicks;

    private sealed record Key(string Tenant, string Kind, Guid Member, string Question, long ConsortiumStamp, long MemberStamp, long Quarter);
}
