using SharingLedger.Infrastructure.Marten;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using SharingLedger.Ledger;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// The running totals the trigger keeps (<see cref="PostingTotals"/>) against the same questions added up from the postings
/// (<see cref="PostingSql"/>) and replayed in memory (<see cref="Balances"/>), after random sequences of payments, credit notes,
/// disputes and write-offs; and the totals after a refill, a change to a posting and a rebuild of the postings. Runs alone:
/// the refill and the rebuild rewrite every consortium's totals.
/// </summary>
[Collection("alone")]
public class PostingTotalsTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IDocumentStore Store => Host.Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Three members, dues for 2025, 2026 and 2027 (a year ahead of today), then random account events.</summary>
    private Task<(Guid C, List<Guid> Members)> RandomAccounts(int seed, int steps = 24) => RandomLedger.AccountsAsync(Api, seed, steps);

    private static string Describe(Dictionary<Guid, List<OpenItem>> items) =>
        string.Join("\n", items.Where(m => m.Value.Count > 0).OrderBy(m => m.Key)
            .SelectMany(m => m.Value.Select(i => $"{m.Key}|{i.ItemId}|{i.Date}|{i.Memo}|{i.Original.Minor}|{i.Open.Minor}")));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Running_totals_answer_as_the_postings_and_their_replay_do(int seed)
    {
        var (c, members) = await RandomAccounts(seed);
        await using var session = Store.QueryFor(c);

        var running = await PostingTotals.MembersAsync(session, c, null, "USD", Ct);
        var summed = await PostingSql.TotalsAsync(session, c, "USD", null, null, Ct);
        Assert.Equal(summed.Values.OrderBy(t => t.MemberId), running.Values.Select(r => r.Totals).OrderBy(t => t.MemberId));
        foreach (var m in members)
            Assert.Equal(await PostingSql.StatementTotalsAsync(session, c, m, "USD", null, null, Ct), (running[m].Postings, running[m].Net));

        var postings = await LedgerChecks.Postings(Host, c);
        var replayed = members.ToDictionary(m => m, m => Balances.OpenItems(postings.Where(p => p.MemberId == m), "USD").ToList());
        var fromTotals = await PostingTotals.OpenItemsAsync(session, c, null, "USD", Ct);
        Assert.Equal(Describe(replayed), Describe(fromTotals));
        Assert.Equal(Describe(await PostingSql.OpenItemsAsync(session, c, null, "USD", null, null, Ct)), Describe(fromTotals));
        Assert.Equal(members.Order(), running.Keys.Order());

        // The 2027 dues are dated after today: the balances as of today cannot use the totals, and still agree with the replay.
        var today = new LocalDate(2026, 11, 27);
        Assert.All(running.Values, r => Assert.False(r.Covers(today, null)));
        Assert.All(running.Values, r => Assert.True(r.Covers(null, null)));
        await AssertBalancesAsReplayed(session, c, members, postings, today);

        // Days after the last posting, the totals answer, their open items aged and summed by PostgreSQL: a few days on, far enough on
        // that the items spread over every bucket, all over 90 days, and the days on which the newest open item turns 30, 31, 60, 61,
        // 90 and 91 days old (each bucket's last and first day).
        var last = postings.Max(p => p.BusinessDate);
        // (Seed 1 leaves nothing open after the last posting; seeds 2 and 3 do.)
        var open = members.SelectMany(m => Balances.OpenItems(postings.Where(p => p.MemberId == m), "USD")).ToList();
        var edges = open.Count == 0 ? [] : new[] { 30, 31, 60, 61, 90, 91 }.Select(open.Max(i => i.AgedFrom).PlusDays).Where(d => d >= last).ToList();
        Assert.True(open.Count == 0 || edges.Count >= 4, $"The newest open item turns 30 to 91 days old mostly before the last posting ({last}).");
        foreach (var day in new[] { 3, 45, 75, 120, 400 }.Select(last.PlusDays).Concat(edges))
        {
            Assert.All(running.Values, r => Assert.True(r.Covers(day, null)));
            await AssertBalancesAsReplayed(session, c, members, postings, day);
        }
    }

    /// <summary>Every member's balance as read (sums and ageing) is the replay of its postings in force on <paramref name="day"/>.</summary>
    private static async Task AssertBalancesAsReplayed(IQuerySession session, Guid c, List<Guid> members, IReadOnlyList<Posting> postings, LocalDate day)
    {
        var (totals, ageing) = await LedgerReads.BalancesAsync(session, c, "USD", day, null, Ct);
        var visible = Balances.AsOf(postings, day, null).ToList();
        foreach (var m in members)
        {
            var replay = Balances.Of(m, "", visible.Where(p => p.MemberId == m), "USD", day);
            var read = Balances.Of(m, "", totals.GetValueOrDefault(m) ?? new MemberTotals(m, 0, 0, 0, 0, 0), ageing.GetValueOrDefault(m) ?? Balances.Age([], "USD", day), "USD");
            Assert.Equal(replay, read);
        }
    }

    [Fact]
    public async Task The_current_statement_and_balances_come_from_the_totals_and_agree_with_a_replay()
    {
        var (c, members) = await RandomAccounts(4, steps: 12);
        var postings = await LedgerChecks.Postings(Host, c);
        var after = new LocalDate(2027, 12, 31); // every posting is in force: the totals answer
        await using var session = Store.QueryFor(c);
        Assert.All((await PostingTotals.MembersAsync(session, c, null, "USD", Ct)).Values, r => Assert.True(r.Covers(after, LedgerHost.Now)));

        var balances = await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2027-12-31"));
        foreach (var m in members)
        {
            var replay = Balances.Of(m, "", postings.Where(p => p.MemberId == m), "USD", after);
            var row = balances.GetProperty("members").EnumerateArray().Single(r => r.GetProperty("memberId").GetGuid() == m);
            Assert.Equal((replay.Outstanding.ToDecimalString(), replay.Paid.ToDecimalString(), replay.Credits.ToDecimalString(), replay.Ageing.Over90.ToDecimalString()),
                (Amount(row, "outstanding"), Amount(row, "paid"), Amount(row, "credits"), Amount(row.GetProperty("ageing"), "over90")));

            // As of a day after every posting (the default is today, which would leave the 2027 dues out).
            var statement = await Api.Ok(Api.Get($"/consortia/{c}/members/{m}/statement?asOf=2027-12-31"));
            var mine = postings.Where(p => p.MemberId == m).ToList();
            Assert.Equal((long)mine.Count, statement.GetProperty("totalLines").GetInt64());
            Assert.Equal(new Kernel.Money.Money(mine.Sum(p => p.Net), "USD").ToDecimalString(), Amount(statement, "balance"));
            Assert.Equal(Balances.OpenItems(mine, "USD").Select(i => (i.ItemId, i.Open.ToDecimalString())),
                statement.GetProperty("openItems").EnumerateArray().Select(i => (i.GetProperty("itemId").GetString()!, Amount(i, "open"))));
        }
    }

    private static string Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;

    /// <summary>The consortium's rows in both totals tables, as text.</summary>
    private async Task<List<string>> Rows(Guid c)
    {
        await using var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync();
        var rows = new List<string>();
        foreach (var (table, order) in new[] { (PostingTotals.MemberTable, "member_id"), (PostingTotals.ItemTable, "member_id, item_key") })
        {
            await using var cmd = new NpgsqlCommand($"select row_to_json(t)::text from {table} t where consortium_id = $1 order by {order}", conn);
            cmd.Parameters.AddWithValue(c);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        }
        return rows;
    }

    private async Task Execute(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Refilling_the_totals_from_the_postings_gives_what_the_trigger_kept()
    {
        var (c, _) = await RandomAccounts(5);
        var kept = await Rows(c);
        Assert.Contains(kept, r => r.Contains("\"first_memo\":\"Dues 2025"));

        await Execute(new PostingTotalsSchema().Script()); // what a new database, or a new version of the script, runs

        Assert.Equal(kept, await Rows(c));
    }

    [Fact]
    public async Task The_totals_follow_a_posting_deleted_and_stored_again()
    {
        var (c, members) = await RandomAccounts(6, steps: 8);
        var kept = await Rows(c);
        var postings = await LedgerChecks.Postings(Host, c);
        // The first debit of a member's oldest item, and a second debit on the same item ten days later (written straight
        // into the postings table: the trigger counts whatever is written there).
        var first = Balances.InOrder(postings.Where(p => p.MemberId == members[0] && p.Account == Accounts.MemberReceivable && p.Debit > 0)).First();
        var second = new Posting
        {
            Id = first.Id + "/second", ConsortiumId = c, Account = first.Account, MemberId = first.MemberId, Debit = 1_00, Currency = first.Currency,
            EventId = first.EventId, EventType = first.EventType, StreamId = first.StreamId, StreamVersion = first.StreamVersion,
            Line = 99, BusinessDate = first.BusinessDate.PlusDays(10), FactDate = first.FactDate.PlusDays(10), Period = first.Period,
            RecordedAt = first.RecordedAt, Memo = "Second debit", ItemId = first.ItemId,
        };

        async Task Write(Action<IDocumentSession> change)
        {
            await using var session = Store.SessionFor(c);
            change(session);
            await session.SaveChangesAsync(Ct);
        }

        async Task AssertTotalsMatchThePostings()
        {
            await using var query = Store.QueryFor(c);
            Assert.Equal(Describe(await PostingSql.OpenItemsAsync(query, c, null, "USD", null, null, Ct)),
                Describe(await PostingTotals.OpenItemsAsync(query, c, null, "USD", Ct)));
            Assert.Equal((await PostingSql.TotalsAsync(query, c, "USD", null, null, Ct)).Values.OrderBy(t => t.MemberId),
                (await PostingTotals.MembersAsync(query, c, null, "USD", Ct)).Values.Select(r => r.Totals).OrderBy(t => t.MemberId));
        }

        await Write(s => s.Store(second));
        await Write(s => s.Delete<Posting>(first.Id)); // the item's first debit goes: the second takes its place
        await AssertTotalsMatchThePostings();
        var afterDelete = await Rows(c);
        Assert.Contains(afterDelete, r => r.Contains($"\"first_id\":\"{second.Id}\"") && r.Contains("\"first_memo\":\"Second debit\""));
        // What the trigger made of the changes is what a refill from scratch gives.
        await Execute(new PostingTotalsSchema().Script());
        Assert.Equal(afterDelete, await Rows(c));

        await Write(s => s.Delete<Posting>(second.Id)); // no debit left: the item has no date
        await AssertTotalsMatchThePostings();
        await Write(s => s.Store(first));
        Assert.Equal(kept, await Rows(c));

        await Write(s => s.Store(first)); // stored over itself (an update): counted once
        Assert.Equal(kept, await Rows(c));
    }

    /// <summary>
    /// Postings written many to a statement (as a rebuild's COPY writes them) are counted as one at a time are: the
    /// consortium's postings deleted and written back in one statement each, with month-end snapshots already taken, leave
    /// the totals and the snapshots as they were, and as a refill from scratch makes them.
    /// </summary>
    [Fact]
    public async Task Postings_written_many_to_a_statement_are_counted_as_one_at_a_time()
    {
        var (c, members) = await RandomAccounts(7, steps: 10);
        // An item with two debits, the second on the last day of a later month: a statement holding both must date the item by
        // the first, and the month-end snapshot of that day must count the second.
        var first = Balances.InOrder((await LedgerChecks.Postings(Host, c))
            .Where(p => p.MemberId == members[0] && p.Account == Accounts.MemberReceivable && p.Debit > 0)).First();
        var monthEnd = first.BusinessDate.PlusDays(1).With(NodaTime.DateAdjusters.EndOfMonth);
        await using (var session = Store.SessionFor(c))
        {
            session.Store(new Posting
            {
                Id = first.Id + "/second", ConsortiumId = c, Account = first.Account, MemberId = first.MemberId, Debit = 1_00,
                Currency = first.Currency, EventId = first.EventId, EventType = first.EventType, StreamId = first.StreamId,
                StreamVersion = first.StreamVersion, Line = 99, BusinessDate = monthEnd, FactDate = monthEnd, Period = first.Period, RecordedAt = first.RecordedAt, Memo = "Second debit",
                ItemId = first.ItemId,
            });
            await session.SaveChangesAsync(Ct);
        }
        await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf={monthEnd:yyyy'-'MM'-'dd}")); // takes that month's snapshot
        var kept = await Rows(c);
        var snapshots = await SnapshotRows(c);
        Assert.NotEmpty(snapshots);

        await Execute($"""
            create temp table copied as select * from {PostingColumns.Table} where consortium_id = '{c}';
            delete from {PostingColumns.Table} where consortium_id = '{c}';
            insert into {PostingColumns.Table} select * from copied order by id desc;
            """);

        Assert.Equal(kept, await Rows(c));
        Assert.Equal(snapshots, await SnapshotRows(c));
        await Execute(new PostingTotalsSchema().Script());
        Assert.Equal(kept, await Rows(c));
    }

    private async Task<List<string>> SnapshotRows(Guid c)
    {
        await using var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync();
        var rows = new List<string>();
        foreach (var (table, order) in new[]
                 { (PostingSnapshots.MemberTable, "last_day, member_id"), (PostingSnapshots.ItemTable, "last_day, member_id, item_key") })
        {
            await using var cmd = new NpgsqlCommand($"select row_to_json(t)::text from {table} t where consortium_id = $1 order by {order}", conn);
            cmd.Parameters.AddWithValue(c);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        }
        return rows;
    }

    [Fact]
    public async Task Rebuilding_the_postings_rebuilds_the_totals()
    {
        var (c, members) = await RandomAccounts(8, steps: 10);
        var kept = await Rows(c);
        var statement = (await Api.Ok(Api.Get($"/consortia/{c}/members/{members[1]}/statement"))).ToString();
        var balances = (await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2027-12-31"))).ToString();

        using (var daemon = await Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync(typeof(PostingProjection), TimeSpan.FromMinutes(5), Ct);

        Assert.Equal(kept, await Rows(c));
        Assert.Equal(statement, (await Api.Ok(Api.Get($"/consortia/{c}/members/{members[1]}/statement"))).ToString());
        Assert.Equal(balances, (await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2027-12-31"))).ToString());
    }

    /// <summary>
    /// A rebuild by the daemon (the periods stream read once per batch, the rows written by binary COPY) leaves every posting as
    /// it was written inline, columns included: a payment recorded while October was closed stays an adjustment in November,
    /// one recorded after October was reopened stays in October.
    /// </summary>
    [Fact]
    public async Task Rebuilding_the_postings_leaves_every_posting_where_it_was_written()
    {
        var (c, a) = await ClosedPeriodPostingTests.DuesOf500Each(Api);
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/closing", new { }));
        await Api.Ok(ClosedPeriodPostingTests.Pay(Api, c, a, "100.00", "WHILE-CLOSED", "2026-10-15"), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/reopening", new { reason = "Bank statement arrived late" }));
        await Api.Ok(ClosedPeriodPostingTests.Pay(Api, c, a, "50.00", "AFTER-REOPEN", "2026-10-20"), 201);
        var written = await PostingRows(c);
        var totals = await Rows(c);

        using (var daemon = await Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync(typeof(PostingProjection), TimeSpan.FromMinutes(5), Ct);

        Assert.Equal(written, await PostingRows(c));
        Assert.Equal(totals, await Rows(c));
        var lines = (await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement"))).GetProperty("lines").EnumerateArray().ToList();
        var closed = lines.Single(l => l.GetProperty("memo").GetString()!.Contains("WHILE-CLOSED"));
        Assert.Equal(("2026-11", "2026-10"), (closed.GetProperty("period").GetString(), closed.GetProperty("adjustsPeriod").GetString()));
        var reopened = lines.Single(l => l.GetProperty("memo").GetString()!.Contains("AFTER-REOPEN"));
        Assert.Equal(("2026-10", JsonValueKind.Null), (reopened.GetProperty("period").GetString(), reopened.GetProperty("adjustsPeriod").ValueKind));
    }

    /// <summary>
    /// The consortium's postings, every column and the whole stored document but the two Marten stamps afresh on each write
    /// (its version and time): a posting written inline and the same posting rebuilt are stored alike.
    /// </summary>
    private async Task<List<string>> PostingRows(Guid c)
    {
        await using var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select (to_jsonb(t) - 'mt_version' - 'mt_last_modified')::text from {PostingColumns.Table} t " +
            "where consortium_id = $1 order by id", conn);
        cmd.Parameters.AddWithValue(c);
        var rows = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) rows.Add(reader.GetString(0));
        Assert.NotEmpty(rows);
        return rows;
    }
}
