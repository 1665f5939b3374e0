using Npgsql;
using Polly;
using Polly.Retry;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// After PostgreSQL restarts from a crash, the event sequence can hand out a number that is already taken. A sequence
/// survives a crash only as far as its last flushed WAL record, so numbers drawn by transactions the crash killed are drawn
/// again; meanwhile Marten's tombstone writer stores a <c>tombstone</c> event under each of those killed transactions'
/// numbers (explicit <c>seq_id</c>s, which do not move the sequence). The next append that draws such a number fails on the
/// events' primary key. PostgreSQL reported that failure itself, so the transaction rolled back and nothing was recorded;
/// the numbers drawn meanwhile are gone, so replaying the commit draws fresh ones. Found by
/// <c>Reliability/CrashTests</c> (one write in 124 answered 409 "a record with the same key already exists").
/// </summary>
public static class EventSequenceCollision
{
    /// <summary>A unique violation on the events' sequence number (<c>pkey_mt_events_seq_id</c>), anywhere in the chain.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && IsSequenceKey(pg.ConstraintName)) return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Is)) return true;
        }
        return false;
    }

    private static bool IsSequenceKey(string? constraint) =>
        constraint is not null && constraint.StartsWith("pkey_mt_events", StringComparison.Ordinal) && constraint.EndsWith("seq_id", StringComparison.Ordinal);

    /// <summary>
    /// Marten's write pipeline, extended: a commit that collided on the sequence is replayed (up to ten times, 20 ms apart;
    /// a crash leaves at most a few killed transactions' numbers behind). Every other failure keeps Marten's own rule.
    /// </summary>
    public static void RetryCollidingCommits(ResiliencePipelineBuilder pipeline) => pipeline.AddRetry(new RetryStrategyOptions
    {
        ShouldHandle = args => ValueTask.FromResult(Is(args.Outcome.Exception)),
        MaxRetryAttempts = 10,
        Delay = TimeSpan.FromMilliseconds(20),
        BackoffType = DelayBackoffType.Constant,
    });
}
