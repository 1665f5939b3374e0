using Marten;
using NodaTime;
using Npgsql;

namespace SharingLedger.Ledger;

/// <summary>A member's running totals (<see cref="PostingTotals"/>), with the latest business day and recorded instant they count.</summary>
public sealed record MemberRunningTotals(Guid MemberId, long Postings, long Net, long Assessed, long Paid, long Credits, long InKind, long Payable,
    int LastDay, long LastTicks)
{
    /// <summary>
    /// Whether every posting counted is in force on <paramref name="asOf"/> as known at <paramref name="knownAt"/> (null: no limit), so
    /// that the totals mean what <see cref="PostingSql"/> would add up for the same question.
    /// </summary>
    public bool Covers(LocalDate? asOf, Instant? knownAt) =>
        (asOf is not { } d || LastDay <= Posting.DayOf(d)) && (knownAt is not { } k || LastTicks <= Posting.TicksOf(k));

    public MemberTotals Totals => new(MemberId, Assessed, Paid, Credits, Payable, InKind);
}

/// <summary>
/// Running totals of the postings, per member and per receivable item, kept by a trigger as postings are written
/// (<see cref="PostingTotalsSchema"/>, <c>PostingTotals.sql</c>). They answer the current statement, balances and payment
/// allocation without adding up a member's postings on every read; a question about an earlier date or instant that some
/// posting is after goes to <see cref="PostingSql"/> instead (<see cref="LedgerReads"/> chooses). Both mean the same;
/// the tests compare them.
/// </summary>
public static class PostingTotals
{
    public const string Schema = Infrastructure.Marten.MartenSetup.Schema;
    public const string MemberTable = Schema + ".posting_member_totals";
    public const string ItemTable = Schema + ".posting_item_totals";

    /// <summary>The running totals of one member or of every member with postings.</summary>
    public static async Task<Dictionary<Guid, MemberRunningTotals>> MembersAsync(IQuerySession session, Guid consortiumId, Guid? memberId,
        string currency, CancellationToken ct)
    {
        var result = new Dictionary<Guid, MemberRunningTotals>();
        await using var reader = await (await Ready(session, ct)).ExecuteReaderAsync(Command($"""
            select member_id, postings, net, assessed, paid, credits, in_kind, payable, last_day, last_ticks
            from {MemberTable} where consortium_id = $1 and currency = $2{(memberId is null ? "" : " and member_id = $3")}
            """, consortiumId, currency, memberId), ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new MemberRunningTotals(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt32(8), reader.GetInt64(9));
            result[row.MemberId] = row;
        }
        return result;
    }

    /// <summary>The open items of one member or of every member, now (all postings), allocated as <see cref="PostingSql.OpenItemsAsync"/> allocates them.</summary>
    public static async Task<Dictionary<Guid, List<OpenItem>>> OpenItemsAsync(IQuerySession session, Guid consortiumId, Guid? memberId,
        string currency, CancellationToken ct)
    {
        var member = memberId is null ? "" : " and member_id = $3";
        await Ready(session, ct);
        // Both read a partial index: the open items in the order the oldest take what is unallocated, and the few items
        // that leave something unallocated (credits on account, credits beyond their item). Plain columns, no JSON: the
        // statement of a large member has thousands of open items.
        var rows = new List<OpenItemRow>();
        await using (var reader = await session.ExecuteReaderAsync(Command($"""
            select member_id, item_key, first_day, first_memo, original, original - credited from {ItemTable}
            where consortium_id = $1 and currency = $2{member} and original > credited
            order by member_id, first_day, first_ticks, first_event, first_line
            """, consortiumId, currency, memberId), ct))
        {
            while (await reader.ReadAsync(ct))
                rows.Add(new OpenItemRow(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt64(4), reader.GetInt64(5), 0, rows.Count));
        }
        await using (var reader = await session.ExecuteReaderAsync(Command($"""
            select member_id, sum(on_account + greatest(credited - original, 0))::bigint from {ItemTable}
            where consortium_id = $1 and currency = $2{member} and (on_account > 0 or credited > original) group by member_id
            """, consortiumId, currency, memberId), ct))
        {
            while (await reader.ReadAsync(ct)) rows.Add(new OpenItemRow(reader.GetGuid(0), null, null, null, 0, 0, reader.GetInt64(1), 0));
        }
        return OpenItemRow.AllocateOldestFirst(rows, currency);
    }

    /// <summary>A command with positional parameters ($1, $2, ...); a null last argument (no member) is left out.</summary>
    private static NpgsqlCommand Command(string sql, Guid consortiumId, string currency, Guid? memberId)
    {
        var command = new NpgsqlCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = consortiumId });
        command.Parameters.Add(new NpgsqlParameter { Value = currency });
        if (memberId is { } m) command.Parameters.Add(new NpgsqlParameter { Value = m });
        return command;
    }

    /// <summary>Make sure the postings table and its totals exist (raw SQL does not create them as Marten's own queries do).</summary>
    internal static async Task<IQuerySession> Ready(IQuerySession session, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(PostingTotalsFeature), ct);
        return session;
    }
}
