using Marten;
using NodaTime;

namespace SharingLedger.Ledger;

/// <summary>
/// A statement's and the balance view's sums and open items: from the running totals (<see cref="PostingTotals"/>) when they
/// cover the question (every posting counted is in force on <c>asOf</c> as known at <c>knownAt</c>); otherwise from the
/// totals less the postings not in force (<see cref="PostingsAfter"/>) while those are fewer than the ones in force, else
/// added up from the postings in force (<see cref="PostingSql"/>). The council's balances as of a business date alone read a
/// month-end snapshot plus the postings since (<see cref="PostingSnapshots"/>). The answer is the same every way; all but the
/// last are what make the current and the past views fast (docs/performance.md).
/// </summary>
public static class LedgerReads
{
    /// <summary>How many postings a member's statement has, their net, the member's open items and its sums (as the balances read them).</summary>
    public static async Task<(long Count, long Net, IReadOnlyList<OpenItem> Open, MemberTotals Totals)> StatementAsync(IQuerySession session, Guid consortiumId,
        Guid memberId, string currency, LocalDate? asOf, Instant? knownAt, CancellationToken ct)
    {
        var running = (await PostingTotals.MembersAsync(session, consortiumId, memberId, currency, ct)).GetValueOrDefault(memberId);
        if (running is null) return (0, 0, [], new MemberTotals(memberId, 0, 0, 0, 0, 0)); // no postings at all
        if (running.Covers(asOf, knownAt))
        {
            var open = await PostingTotals.OpenItemsAsync(session, consortiumId, memberId, currency, ct);
            return (running.Postings, running.Net, open.GetValueOrDefault(memberId) ?? [], running.Totals);
        }
        if (await PostingsAfter.ReadAsync(session, consortiumId, memberId, currency, asOf, knownAt,
                new Dictionary<Guid, MemberRunningTotals> { [memberId] = running }, ct) is { } past)
        {
            var mine = past.Totals[memberId];
            return (mine.Postings, mine.Net, past.Open.GetValueOrDefault(memberId) ?? [], mine.Totals);
        }
        var (count, net) = await PostingSql.StatementTotalsAsync(session, consortiumId, memberId, currency, asOf, knownAt, ct);
        var items = await PostingSql.OpenItemsAsync(session, consortiumId, memberId, currency, asOf, knownAt, ct);
        var totals = (await PostingSql.TotalsAsync(session, consortiumId, currency, asOf, knownAt, ct, memberId)).GetValueOrDefault(memberId);
        return (count, net, items.GetValueOrDefault(memberId) ?? [], totals ?? new MemberTotals(memberId, 0, 0, 0, 0, 0));
    }

    /// <summary>
    /// Every member's sums and its open items aged on <paramref name="asOf"/> (<see cref="Balances.Age"/>), for the council's balances.
    /// When the running totals cover the date, the ageing is summed in PostgreSQL (<see cref="PostingTotals.AgeingAsync"/>), not read
    /// item by item.
    /// </summary>
    public static async Task<(Dictionary<Guid, MemberTotals> Totals, Dictionary<Guid, AgeingBuckets> Ageing)> BalancesAsync(IQuerySession session,
        Guid consortiumId, string currency, LocalDate asOf, Instant? knownAt, CancellationToken ct)
    {
        var running = await PostingTotals.MembersAsync(session, consortiumId, null, currency, ct);
        if (running.Values.All(r => r.Covers(asOf, knownAt)))
            return (running.ToDictionary(r => r.Key, r => r.Value.Totals), await PostingTotals.AgeingAsync(session, consortiumId, currency, asOf, ct));
        // A business date alone: the month-end snapshot before it plus the postings between, whatever the date.
        if (knownAt is null && await PostingSnapshots.ReadAsync(session, consortiumId, currency, asOf, ct) is { } snapshot)
            return (snapshot.Totals.ToDictionary(r => r.Key, r => r.Value.Totals), Aged(snapshot.Open));
        if (await PostingsAfter.ReadAsync(session, consortiumId, null, currency, asOf, knownAt, running, ct) is { } past)
            return (past.Totals.ToDictionary(r => r.Key, r => r.Value.Totals), Aged(past.Open));
        return (await PostingSql.TotalsAsync(session, consortiumId, currency, asOf, knownAt, ct),
            Aged(await PostingSql.OpenItemsAsync(session, consortiumId, null, currency, asOf, knownAt, ct)));

        Dictionary<Guid, AgeingBuckets> Aged(Dictionary<Guid, List<OpenItem>> open) => open.ToDictionary(m => m.Key, m => Balances.Age(m.Value, currency, asOf));
    }
}
