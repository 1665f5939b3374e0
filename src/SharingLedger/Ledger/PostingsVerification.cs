using SharingLedger.Infrastructure.Marten;
using System.Globalization;
using Marten;
using Marten.Events;
using SharingLedger.Audit;

namespace SharingLedger.Ledger;

/// <summary>
/// The audit's check of the ledger's derived figures (<see cref="IDerivedFiguresCheck"/>): every posting is recomputed from its
/// event by the rules the projection uses (<see cref="PostingProjection.PostingsFor"/>) and compared, as the document and as
/// the plain columns the sums read, with what is stored; then the running totals (<see cref="PostingTotals"/>) are added up
/// again from the postings and compared row by row. Each names the first place that differs, in event order and key order.
/// </summary>
public sealed class PostingsVerification : IDerivedFiguresCheck
{
    private const int PageSize = 2000;

    public async Task<IReadOnlyList<DerivedCheck>> CheckAsync(IQuerySession session, Guid consortiumId, CancellationToken ct)
    {
        await PostingTotals.Ready(session, ct);
        return [await PostingsAsync(session, consortiumId, ct), await TotalsVerification.MembersAsync(session, consortiumId, ct),
            await TotalsVerification.ItemsAsync(session, consortiumId, ct)];
    }

    private static async Task<DerivedCheck> PostingsAsync(IQuerySession session, Guid consortiumId, CancellationToken ct)
    {
        var types = PostingRules.EventTypes.ToArray();
        var expectedIds = new HashSet<string>(StringComparer.Ordinal);
        long after = 0, compared = 0;
        while (true)
        {
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after && e.EventTypesAre(types))
                .OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(ct);
            if (page.Count == 0) break;
            var eventIds = page.Select(e => e.Id).ToArray();
            var stored = ById(await session.Query<Posting>().Where(p => p.EventId.IsOneOf(eventIds)).ToListAsync(ct), p => p.Id);
            var columns = await ColumnsAsync(session, eventIds, ct);
            foreach (var e in page)
            {
                foreach (var want in await PostingProjection.PostingsFor(e, session, ct))
                {
                    if (want.ConsortiumId != consortiumId) continue;
                    expectedIds.Add(want.Id);
                    compared++;
                    var reason = !stored.TryGetValue(want.Id, out var have)
                        ? new BreakReason("posting-missing", "The event's posting is missing.")
                        : Difference(Fields(have), Fields(want), column: false) ?? (columns.TryGetValue(want.Id, out var col)
                            ? Difference(col, Columns(want), column: true) : new BreakReason("posting-columns-missing", "The posting's columns are missing."));
                    if (reason is not null) return new DerivedCheck("postings", compared, DerivedBreak.Of("posting", want.Id, e.Sequence, e.Id, reason));
                }
            }
            after = page[^1].Sequence;
            if (page.Count < PageSize) break;
        }

        // A posting stored with no event that makes it (added by hand, or left from an event no longer stored).
        var extra = await PlainSql.ReadAsync(session,
            $"select id, event_id from {PostingColumns.Table} where tenant_id = ? and consortium_id = ? order by id",
            [session.TenantId, consortiumId], r => (Id: r.GetString(0), EventId: r.IsDBNull(1) ? (Guid?)null : r.GetGuid(1)), ct);
        foreach (var (id, eventId) in extra)
            if (!expectedIds.Contains(id))
                return new DerivedCheck("postings", compared, DerivedBreak.Of("posting", id, null, eventId,
                    new BreakReason("posting-without-event", "No event makes this posting: it was added or its event is gone.")));
        return new DerivedCheck("postings", compared, null);
    }

    /// <summary>The plain columns of the postings of some events, as the sums and open items read them.</summary>
    private static async Task<Dictionary<string, IReadOnlyList<(string, string)>>> ColumnsAsync(IQuerySession session, Guid[] eventIds, CancellationToken ct)
    {
        var rows = await PlainSql.ReadAsync(session, $"""
            select id, account, member_id::text, debit, credit, currency, item_id, item_key, event_type, line, {PostingColumns.BusinessDay}, {PostingColumns.RecordedTicks}
            from {PostingColumns.Table} where tenant_id = ? and event_id = any(?)
            """, [session.TenantId, eventIds], r => (Id: r.GetString(0), Values: (IReadOnlyList<(string, string)>)
            [
                ("account", Text(r, 1)), ("member_id", Text(r, 2)), ("debit", Text(r, 3)), ("credit", Text(r, 4)), ("currency", Text(r, 5)),
                ("item_id", Text(r, 6)), ("item_key", Text(r, 7)), ("event_type", Text(r, 8)), ("line", Text(r, 9)),
                (PostingColumns.BusinessDay, Text(r, 10)), (PostingColumns.RecordedTicks, Text(r, 11)),
            ]), ct);
        return ById(rows, r => r.Id).ToDictionary(r => r.Key, r => r.Value.Values);
    }

    /// <summary>By id, the first of any duplicates (a row copied by hand can repeat an id inside its document): a break, not a crash.</summary>
    private static Dictionary<string, T> ById<T>(IEnumerable<T> items, Func<T, string> id)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items) result.TryAdd(id(item), item);
        return result;
    }

    private static string Text(System.Data.Common.DbDataReader r, int i) =>
        r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) ?? "";

    private static IReadOnlyList<(string, string)> Columns(Posting p) =>
    [
        ("account", p.Account), ("member_id", p.MemberId?.ToString() ?? ""), ("debit", Str(p.Debit)), ("credit", Str(p.Credit)), ("currency", p.Currency),
        ("item_id", p.ItemId ?? ""), ("item_key", p.ItemKey), ("event_type", p.EventType), ("line", Str(p.Line)),
        (PostingColumns.BusinessDay, Str(p.BusinessDay)), (PostingColumns.RecordedTicks, Str(p.RecordedTicks)),
    ];

    /// <summary>What a posting says (the fields a rebuild must reproduce; its sequence and stream version are not, as an inline write has none yet).</summary>
    private static IReadOnlyList<(string, string)> Fields(Posting p) =>
    [
        ("account", p.Account), ("memberId", p.MemberId?.ToString() ?? ""), ("party", p.Party ?? ""), ("debit", Str(p.Debit)), ("credit", Str(p.Credit)),
        ("currency", p.Currency), ("eventId", p.EventId.ToString()), ("eventType", p.EventType), ("streamId", p.StreamId.ToString()), ("line", Str(p.Line)),
        ("agreementId", p.AgreementId?.ToString() ?? ""), ("agreementVersion", p.AgreementVersion?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ("businessDate", p.BusinessDate.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)), ("factDate", p.FactDate.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)),
        ("period", p.Period), ("adjustsPeriod", p.AdjustsPeriod ?? ""), ("recordedAt", p.RecordedAt.ToString()), ("memo", p.Memo), ("itemId", p.ItemId ?? ""),
        ("consortiumId", p.ConsortiumId.ToString()),
    ];

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static BreakReason? Difference(IReadOnlyList<(string Name, string Value)> stored, IReadOnlyList<(string Name, string Value)> recomputed, bool column)
    {
        for (var i = 0; i < recomputed.Count; i++)
            if (stored[i].Value != recomputed[i].Value)
                return column
                    ? new BreakReason("posting-column-differs", "The posting's {0} column is stored as '{1}'; recomputed from its event it is '{2}'.", recomputed[i].Name, stored[i].Value, recomputed[i].Value)
                    : new BreakReason("posting-differs", "The posting's {0} is stored as '{1}'; recomputed from its event it is '{2}'.", recomputed[i].Name, stored[i].Value, recomputed[i].Value);
        return null;
    }
}
