using System.Text.Json.Serialization;
using Marten;
using Npgsql;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Audit;

/// <summary>The first place the chain does not match what is stored, and why: <c>reason</c> in English, <c>code</c> for systems.</summary>
public sealed record ChainBreak(long Sequence, Guid? EventId, string? EventType, string Code, string Reason)
{
    public static ChainBreak Of(long sequence, Guid? eventId, string? eventType, BreakReason why) => new(sequence, eventId, eventType, why.Code, why.Text) { Why = why };

    /// <summary>The reason's template and values, for the console to show it in the reader's language.</summary>
    [JsonIgnore] public BreakReason? Why { get; init; }
}

/// <summary>
/// The outcome of walking the whole chain from its first link. <see cref="VerifiedThrough"/> is the last link checked
/// (the chain's head when intact); <see cref="Pending"/> counts stored events the chain has not reached yet, and
/// <see cref="Overdue"/> those of them recorded longer ago than the grace period. A chain with overdue events that has not advanced
/// for the grace period either has stopped and is not intact, since a change to those events would go undetected; one that is
/// advancing through them (a backlog after a large import) is intact as far as it has come, its overdue events reported.
/// </summary>
public sealed record ChainVerification(bool Intact, long EventsChecked, ChainDigest? VerifiedThrough, ChainBreak? FirstBreak, long Pending,
    int DigestsChecked = 0, long Overdue = 0)
{
    /// <summary>"intact", "broken" (a link does not match), or "stalled" (links match, but the chain stopped short of the log).</summary>
    public string State => Intact ? "intact" : Overdue > 0 ? "stalled" : "broken";
}

/// <summary>
/// Walks one consortium's events in sequence order and recomputes every link of its chain from the stored event and the
/// previous link's hash. Names the first event whose hash does not match, whose link is missing or does not follow the
/// previous one, or whose link has no event any more. The operator verifies every consortium's chain
/// (<see cref="VerifyAllAsync"/>).
/// </summary>
public static class ChainVerifier
{
    private static readonly BreakReason EventGone = new("event-missing", "The chain has a link for this sequence but the event is no longer stored.");

    /// <summary>The head of the chain of the session's consortium (its tenant).</summary>
    public static Task<ChainDigest?> HeadAsync(IQuerySession session, CancellationToken ct) => ChainLinks.HeadAsync(session, ct);

    /// <summary>
    /// Walks the consortium's chain, then fails it when <paramref name="monitor"/> finds events of the consortium left unchained
    /// beyond the grace period by a chain that has stopped advancing.
    /// </summary>
    public static async Task<ChainVerification> VerifyAsync(IDocumentStore store, ChainMonitor monitor, string tenantId, CancellationToken ct)
    {
        var lag = await monitor.CheckAsync(tenantId, ct);
        var walked = await VerifyAsync(store, tenantId, ct);
        if (!walked.Intact) return walked;
        if (!lag.Stalled) return walked with { Overdue = lag.Overdue }; // none, or a backlog the chain is working through
        return walked with { Intact = false, FirstBreak = lag.AsBreak(), Overdue = lag.Overdue };
    }

    /// <summary>Every consortium's chain (the operator's check: <c>verify-chain</c>), in tenant order.</summary>
    public static async Task<IReadOnlyList<(string TenantId, ChainVerification Verification)>> VerifyAllAsync(
        IDocumentStore store, ChainMonitor monitor, CancellationToken ct)
    {
        var all = new List<(string, ChainVerification)>();
        foreach (var tenant in await ConsortiumTenancy.TenantsWithEventsAsync(store, ct))
            all.Add((tenant, await VerifyAsync(store, monitor, tenant, ct)));
        return all;
    }

    public static async Task<ChainVerification> VerifyAsync(IDocumentStore store, string tenantId, CancellationToken ct)
    {
        var dataSource = await store.DataSourceForAsync(tenantId); // the consortium's database
        await using var session = store.QuerySession(tenantId);
        var head = await HeadAsync(session, ct);
        if (head is null) return new ChainVerification(true, 0, null, null, await CountAsync(dataSource, tenantId, 0, ct));

        // Every digest published by one of the consortium's period closings must still be its chain's hash at that sequence:
        // a history rewritten and re-chained consistently would pass the walk but not these.
        var consortium = ConsortiumTenancy.ConsortiumOf(tenantId);
        var digests = (await session.Events.QueryRawEventDataOnly<PeriodClosed>().ToListAsync(ct))
            .Where(p => p.ConsortiumId == consortium && p.Digest is not null && p.Digest.Sequence <= head.Sequence).ToList();
        var wanted = digests.Select(d => d.Digest!.Sequence).ToHashSet();
        var computed = new Dictionary<long, string>();
        long checkedCount = 0;
        var previousSequence = 0L;
        var previousHash = ChainCanonicalForm.Genesis;
        ChainDigest? through = null;
        await using var links = ChainLinks.ReadAsync(dataSource, tenantId, head.Sequence, ct).GetAsyncEnumerator(ct);
        var link = await links.MoveNextAsync() ? links.Current : null;

        await foreach (var e in ChainCanonicalForm.ReadRangeAsync(dataSource, MartenSetup.Schema, tenantId, 1, head.Sequence, ct))
        {
            if (link is not null && link.Id < e.Sequence)
                return await Broken(ChainBreak.Of(link.Id, link.EventId, null, EventGone));
            if (link is null || link.Id != e.Sequence)
                return await Broken(ChainBreak.Of(e.Sequence, e.EventId, e.EventType, new BreakReason("link-missing", "The event has no link in the chain.")));
            if (link.EventId != e.EventId)
                return await Broken(ChainBreak.Of(e.Sequence, e.EventId, e.EventType, new BreakReason("link-for-another-event", "The link was made for event {0}, not this one.", $"{link.EventId}")));
            // The previous hash is not stored: the hash below is recomputed from the verifier's own previous hash, so a link
            // that does not follow its predecessor's hash fails there.
            if (link.PreviousSequence != previousSequence)
                return await Broken(ChainBreak.Of(e.Sequence, e.EventId, e.EventType, new BreakReason("link-out-of-order", "The link does not follow the previous link.")));
            var hash = ChainCanonicalForm.Hash(e, previousHash);
            if (hash != link.Hash)
                return await Broken(ChainBreak.Of(e.Sequence, e.EventId, e.EventType, new BreakReason("hash-mismatch", "The event's data or metadata no longer match the hash recorded for it.")));
            checkedCount++;
            if (wanted.Contains(e.Sequence)) computed[e.Sequence] = hash;
            (previousSequence, previousHash) = (e.Sequence, hash);
            through = new ChainDigest(e.Sequence, hash);
            link = await links.MoveNextAsync() ? links.Current : null;
        }
        if (link is not null)
            return await Broken(ChainBreak.Of(link.Id, link.EventId, null, EventGone));
        foreach (var closing in digests.OrderBy(d => d.Digest!.Sequence))
        {
            if (computed.GetValueOrDefault(closing.Digest!.Sequence) == closing.Digest.Hash) continue;
            return await Broken(ChainBreak.Of(closing.Digest.Sequence, null, null,
                new BreakReason("closing-digest-mismatch", "The digest published when period {0} of consortium {1} was closed does not match the chain " +
                    "at this sequence: the history up to here was rewritten, or the closing's digest was altered.", closing.Period, $"{closing.ConsortiumId}")));
        }
        return new ChainVerification(true, checkedCount, through, null, await CountAsync(dataSource, tenantId, head.Sequence, ct), digests.Count);

        async Task<ChainVerification> Broken(ChainBreak b) => new(false, checkedCount, through, b, await CountAsync(dataSource, tenantId, head.Sequence, ct));
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string tenantId, long after, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select count(*) from {MartenSetup.Schema}.mt_events where tenant_id = $2 and seq_id > $1 and {ChainCanonicalForm.NotTombstone}");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
