using SharingLedger.Infrastructure.Marten;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using SharingLedger.Ledger;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// Balances and statements about an earlier business date and as known at an earlier instant, read from the running totals less
/// the postings after them (<see cref="PostingsAfter"/>), against the same figures worked out here from the stored postings by
/// the rules the ledger states (docs/decisions.md, "Member accounts" and "One balance"): sums per kind, credits naming an item
/// reduce it, the rest goes to the oldest items, ageing from each item's fact date in 30/60/90-day buckets. Also against the
/// full recomputation from the postings (<see cref="PostingSql"/>) that the fast path replaces. The council's balances as of a business
/// date alone come from a month-end snapshot plus the postings between (<see cref="PostingSnapshots"/>), checked the same way, also after
/// postings dated into a snapshot's month arrive later.
/// </summary>
public class PastDateReadsTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IDocumentStore Store => Host.Host.Services.GetRequiredService<IDocumentStore>();

    private static readonly LocalDate[] Dates =
        [new(2025, 1, 15), new(2025, 12, 31), new(2026, 2, 15), new(2026, 5, 31), new(2026, 8, 31), new(2026, 11, 27), new(2027, 3, 1)];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Past_balances_and_statements_from_the_totals_less_later_postings_are_those_of_the_postings_in_force(int seed)
    {
        var (c, members) = await RandomLedger.AccountsAsync(Api, seed, steps: 20);
        var postings = await LedgerChecks.Postings(Host, c);
        var recorded = postings.Select(p => p.RecordedAt).Distinct().Order().ToList();
        Instant?[] instants = [null, recorded[recorded.Count / 4], recorded[recorded.Count / 2] - Duration.Epsilon, recorded[recorded.Count * 3 / 4]];
        await using var session = Store.QueryFor(c);
        var running = await PostingTotals.MembersAsync(session, c, null, "USD", Ct);
        var fastCases = 0;

        foreach (var asOf in Dates)
        foreach (var knownAt in instants)
        {
            var inForce = postings.Where(p => p.BusinessDate <= asOf && (knownAt is null || p.RecordedAt <= knownAt)).ToList();
            var expected = members.ToDictionary(m => m, m => Expected(inForce.Where(p => p.MemberId == m).ToList(), asOf));
            var because = $"as of {asOf}, known at {knownAt?.ToString() ?? "now"}";

            // The fast path itself, whenever it answers (it leaves the question to the full recomputation when most postings are late).
            if (await PostingsAfter.ReadAsync(session, c, null, "USD", asOf, knownAt, running, Ct) is { } fast)
            {
                fastCases++;
                foreach (var m in members)
                {
                    var t = fast.Totals.GetValueOrDefault(m);
                    Assert.True(expected[m] == Describe(t?.Postings ?? 0, t?.Net ?? 0, Of(m, t?.Totals, fast.Open, asOf)), $"{because}: member {m}");
                }
            }

            // What the endpoints read, whichever way, and the full recomputation: the same figures.
            var (totals, ageing) = await LedgerReads.BalancesAsync(session, c, "USD", asOf, knownAt, Ct);
            var summed = await PostingSql.TotalsAsync(session, c, "USD", asOf, knownAt, Ct);
            var summedOpen = await PostingSql.OpenItemsAsync(session, c, null, "USD", asOf, knownAt, Ct);
            foreach (var m in members)
            {
                var (count, net, items, mine) = await LedgerReads.StatementAsync(session, c, m, "USD", asOf, knownAt, Ct);
                Assert.True(expected[m] == Describe(count, net, Of(m, mine, new() { [m] = items.ToList() }, asOf)), $"{because}: statement of {m}");
                var balance = Balances.Of(m, "", totals.GetValueOrDefault(m) ?? new MemberTotals(m, 0, 0, 0, 0, 0),
                    ageing.GetValueOrDefault(m) ?? Balances.Age([], "USD", asOf), "USD");
                Assert.Equal(balance, Of(m, summed.GetValueOrDefault(m), summedOpen, asOf));
                Assert.True(Describe(count, net, balance) == expected[m], $"{because}: balances of {m}");
            }
        }
        Assert.True(fastCases >= Dates.Length, $"The fast path answered only {fastCases} of the questions.");

        // Through the API, as of a date and as known at an instant: the balances carry the expected ageing.
        var date = new LocalDate(2026, 5, 31);
        var instant = instants[2]!.Value;
        var view = await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-05-31&knownAt={NodaTime.Text.InstantPattern.ExtendedIso.Format(instant)}"));
        var inForceThen = postings.Where(p => p.BusinessDate <= date && p.RecordedAt <= instant).ToList();
        foreach (var row in view.GetProperty("members").EnumerateArray())
        {
            var m = row.GetProperty("memberId").GetGuid();
            var e = Expected(inForceThen.Where(p => p.MemberId == m).ToList(), date);
            var ageing = row.GetProperty("ageing");
            Assert.Equal(e.Split('|')[2], string.Join(",", new[] { "outstanding" }.Select(k => Minor(row, k)).Concat(
                new[] { "days0To30", "days31To60", "days61To90", "over90" }.Select(k => Minor(ageing, k)))));
        }
    }

    /// <summary>Month ends and days within months, before, during and after the random steps' year (2026).</summary>
    private static readonly LocalDate[] SnapshotDates =
    [
        new(2025, 12, 31), new(2026, 1, 1), new(2026, 1, 31), new(2026, 2, 15), new(2026, 3, 31), new(2026, 4, 1), new(2026, 6, 17),
        new(2026, 9, 30), new(2026, 11, 27), new(2027, 3, 1),
    ];

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public async Task Past_balances_from_month_end_snapshots_are_those_of_the_postings_in_force_also_after_later_postings_dated_into_them(int seed)
    {
        var (c, members) = await RandomLedger.AccountsAsync(Api, seed, steps: 10);
        await using var session = Store.QueryFor(c);
        var before = await SnapshotsMatch(c, members, session); // takes the snapshots

        // More account events, dated anywhere in 2026: into months whose snapshots are taken, which the trigger must keep.
        await RandomLedger.StepsAsync(Api, c, members, new Random(seed + 1000), seed, 10, 12);
        var after = await SnapshotsMatch(c, members, session);
        var taken = before.Select(p => p.Id).ToHashSet();
        Assert.Contains(after, p => !taken.Contains(p.Id) && p.BusinessDate <= new LocalDate(2026, 10, 31));
    }

    /// <summary>
    /// Every member's balance from the snapshot read (<see cref="PostingSnapshots"/>) as of each of <see cref="SnapshotDates"/> is the one
    /// worked out here from the stored postings dated on or before the date; the postings compared.
    /// </summary>
    private async Task<List<Posting>> SnapshotsMatch(Guid c, List<Guid> members, IQuerySession session)
    {
        var postings = await LedgerChecks.Postings(Host, c);
        foreach (var asOf in SnapshotDates)
        {
            var inForce = postings.Where(p => p.BusinessDate <= asOf).ToList();
            // Nothing writes postings meanwhile, so the snapshot is there or taken now.
            var read = await PostingSnapshots.ReadAsync(session, c, "USD", asOf, Ct) ?? throw new Xunit.Sdk.XunitException($"no snapshot for {asOf}");
            foreach (var m in members)
            {
                var t = read.Totals.GetValueOrDefault(m);
                Assert.True(Expected(inForce.Where(p => p.MemberId == m).ToList(), asOf) == Describe(t?.Postings ?? 0, t?.Net ?? 0, Of(m, t?.Totals, read.Open, asOf)),
                    $"as of {asOf}: member {m}");
            }
        }
        return postings;
    }

    private static string Minor(System.Text.Json.JsonElement e, string property) =>
        ((long)(decimal.Parse(e.GetProperty(property).GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture) * 100)).ToString();

    private static MemberBalance Of(Guid m, MemberTotals? totals, Dictionary<Guid, List<OpenItem>> open, LocalDate asOf) =>
        Balances.Of(m, "", totals ?? new MemberTotals(m, 0, 0, 0, 0, 0), open.GetValueOrDefault(m) ?? [], "USD", asOf);

    /// <summary>A member's count and net of postings, its sums, outstanding and ageing, and its open items, as one line to compare.</summary>
    private static string Describe(long count, long net, MemberBalance b) =>
        $"{count},{net}|{b.Assessed.Minor},{b.Paid.Minor},{b.Credits.Minor},{b.InKind?.Minor ?? 0},{b.Payable.Minor}|{b.Outstanding.Minor}," +
        $"{b.Ageing.Days0To30.Minor},{b.Ageing.Days31To60.Minor},{b.Ageing.Days61To90.Minor},{b.Ageing.Over90.Minor}";

    /// <summary>
    /// Worked out from a member's postings in force: how many and their net (both accounts); assessed (receivable debits but money
    /// given back), paid (payments less money given back), credits (every other receivable credit), in kind, payable; the open
    /// items (each bill's debits less credits naming it; what is left over, and credits naming no bill, go to the oldest bills
    /// first) aged in days from the bill's fact date to the date asked.
    /// </summary>
    private static string Expected(List<Posting> mine, LocalDate asOf)
    {
        var receivable = mine.Where(p => p.Account == Accounts.MemberReceivable).ToList();
        bool Returned(Posting p) => p.EventType is nameof(PaymentReversed) or nameof(OverpaymentRefunded);
        var assessed = receivable.Where(p => !Returned(p)).Sum(p => p.Debit);
        var payments = receivable.Where(p => p.EventType == nameof(PaymentReceived)).Sum(p => p.Credit);
        var paid = payments - receivable.Where(Returned).Sum(p => p.Debit);
        var inKind = receivable.Where(p => p.EventType == "InKindContributionRecorded").Sum(p => p.Credit);
        var credits = receivable.Sum(p => p.Credit) - payments - inKind;
        var payable = mine.Where(p => p.Account == Accounts.MemberPayable).Sum(p => p.Credit - p.Debit);

        var bills = receivable.Where(p => p.Debit > 0).GroupBy(p => p.ItemId ?? p.Id)
            .Select(g =>
            {
                var first = g.OrderBy(p => p.BusinessDate).ThenBy(p => p.RecordedAt).ThenBy(p => p.EventId).ThenBy(p => p.Line).First();
                var named = receivable.Where(p => p.Credit > 0 && p.ItemId == g.Key).Sum(p => p.Credit);
                var debits = g.Sum(p => p.Debit);
                return (First: first, Debits: debits, Named: named, Open: Math.Max(0, debits - named));
            })
            .OrderBy(b => b.First.BusinessDate).ThenBy(b => b.First.RecordedAt).ThenBy(b => b.First.EventId).ThenBy(b => b.First.Line).ToList();
        var billKeys = bills.Select(b => b.First.ItemId ?? b.First.Id).ToHashSet();
        var leftOver = receivable.Where(p => p.Credit > 0 && (p.ItemId is null || !billKeys.Contains(p.ItemId))).Sum(p => p.Credit)
                       + bills.Sum(b => Math.Max(0, b.Named - b.Debits));
        long[] buckets = [0, 0, 0, 0];
        foreach (var b in bills)
        {
            var take = Math.Min(leftOver, b.Open);
            leftOver -= take;
            var open = b.Open - take;
            if (open == 0) continue;
            var days = Period.Between(b.First.FactDate, asOf, PeriodUnits.Days).Days;
            buckets[days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3] += open;
        }
        return $"{mine.Count},{mine.Sum(p => p.Debit - p.Credit)}|{assessed},{paid},{credits},{inKind},{payable}|{assessed - paid - credits - inKind}," +
               string.Join(",", buckets);
    }
}
