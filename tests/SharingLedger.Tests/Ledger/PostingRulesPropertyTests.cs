using NodaTime;
using SharingLedger.Dues;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Ledger;
using SharingLedger.Loans;
using SharingLedger.Sharing;
using SharingLedger.Subscriptions;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;
using SharingLedger.Agreements;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// Model-based: random sequences of financial events go through the pure <see cref="PostingRules"/>. Every event's postings
/// balance per currency; each member's balance from the postings equals a simple model folded straight from the events;
/// open items never exceed what is owed; and re-running the rules (a rebuild) gives identical postings.
/// </summary>
public class PostingRulesPropertyTests
{
    private const string Usd = "USD";
    private static readonly Guid Consortium = Guid.NewGuid();
    private static readonly Instant Recorded = Instant.FromUtc(2026, 11, 27, 12, 0);

    private sealed class Model
    {
        public Dictionary<Guid, long> Receivable { get; } = [];
        public Dictionary<Guid, long> Payable { get; } = [];
        public void Owe(Guid m, long minor) => Receivable[m] = Receivable.GetValueOrDefault(m) + minor;
        public void Owed(Guid m, long minor) => Payable[m] = Payable.GetValueOrDefault(m) + minor;
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_event_sequences_keep_the_books_balanced_and_every_balance_a_replay_of_its_postings(int seed)
    {
        var random = new Random(seed);
        var members = Enumerable.Range(0, random.Next(2, 7)).Select(_ => Guid.NewGuid()).ToList();
        var code = members.Select((m, i) => (m, $"M{i}")).ToDictionary(x => x.m, x => x.Item2);
        var model = new Model();
        var events = new List<(object Data, PostingSource Source)>();
        var postings = new List<Posting>();
        var lastShares = new Dictionary<(Guid Sub, Guid Member), long>();
        var date = new LocalDate(2026, 1, 1);

        Money M(long minor) => new(minor, Usd);

        for (var step = 0; step < random.Next(10, 60); step++)
        {
            date = date.PlusDays(random.Next(0, 20));
            object e;
            switch (random.Next(8))
            {
                case 0:
                {
                    var shares = members.Select(m => new DuesShare(m, code[m], M(random.Next(0, 500_000)), "1/1", "0", 0, new Dictionary<BasisAttribute, decimal>())).ToList();
                    e = new DuesAssessed(Guid.NewGuid(), Consortium, date.Year, date, date.PlusYears(1), Guid.NewGuid(), 1, M(shares.Sum(s => s.Amount.Minor)),
                        new CostSharingRule(SharingMethod.Equal), shares, Recorded);
                    foreach (var s in shares) model.Owe(s.MemberId, s.Amount.Minor);
                    break;
                }
                case 1:
                {
                    var sub = lastShares.Keys.Select(k => k.Sub).Distinct().FirstOrDefault();
                    if (sub == Guid.Empty || random.Next(2) == 0)
                    {
                        sub = Guid.NewGuid();
                        var lines = members.Where(_ => random.Next(3) > 0).Select(m => Line(m, code[m], M(random.Next(1, 300_000)))).ToList();
                        var total = M(lines.Sum(l => l.Amount.Minor) + random.Next(0, 10_000));
                        e = new SubscriptionCostApportioned(sub, Consortium, 1, 1, "invoiced", Guid.NewGuid(), 1, "databases",
                            new PricedCost(total, "apportioned", lines, total - M(lines.Sum(l => l.Amount.Minor)), 365), [], Recorded);
                        foreach (var l in lines) { model.Owe(l.MemberId, l.Amount.Minor); lastShares[(sub, l.MemberId)] = l.Amount.Minor; }
                    }
                    else
                    {
                        var adjustments = members.Where(_ => random.Next(2) == 0).Select(m =>
                        {
                            var was = lastShares.GetValueOrDefault((sub, m));
                            var now = Math.Max(0, was + random.Next(-50_000, 50_000));
                            lastShares[(sub, m)] = now;
                            return new ShareAdjustment(m, code[m], M(was), M(now), M(now - was));
                        }).Where(a => !a.Difference.IsZero).ToList();
                        e = new SubscriptionCostApportioned(sub, Consortium, 1, 2 + step, "joined", Guid.NewGuid(), 1, "databases",
                            new PricedCost(M(0), "prorated", [], M(0), 365), adjustments, Recorded);
                        foreach (var a in adjustments) model.Owe(a.MemberId, a.Difference.Minor);
                    }
                    break;
                }
                case 2:
                {
                    var positions = members.Select(m =>
                    {
                        var net = random.Next(-20_000, 20_000);
                        return new ClearingPositionLine(m, code[m], M(Math.Max(net, 0)), M(Math.Max(-net, 0)), M(0), M(net), 0, net > 0 ? "receives" : net < 0 ? "pays" : "none");
                    }).ToList();
                    var fund = M(-positions.Sum(p => p.Net.Minor));
                    e = new ClearingSettled(Guid.NewGuid(), Consortium, $"2026-{step % 12 + 1:00}", date, date, Usd, positions, fund, 0, Recorded);
                    foreach (var p in positions)
                    {
                        if (p.Net.IsNegative) model.Owe(p.MemberId, -p.Net.Minor);
                        else model.Owed(p.MemberId, p.Net.Minor);
                    }
                    break;
                }
                case 3 or 4:
                {
                    var m = members[random.Next(members.Count)];
                    var amount = M(random.Next(1, 400_000));
                    var open = Balances.OpenItems(postings.Where(p => p.MemberId == m), Usd);
                    var allocations = random.Next(2) == 0
                        ? global::SharingLedger.Ledger.MemberAccountDecisions.OldestFirst(open, amount)
                        : open.Where(_ => random.Next(2) == 0).Select(i => new ItemAllocation(i.ItemId, M(Math.Min(i.Open.Minor, random.Next(1, 50_000)))))
                            .Aggregate((List: new List<ItemAllocation>(), Left: amount.Minor), (acc, a) =>
                                a.Amount.Minor <= acc.Left ? ([.. acc.List, a], acc.Left - a.Amount.Minor) : acc).List;
                    e = new PaymentReceived(Guid.NewGuid(), Consortium, m, Guid.NewGuid(), amount, $"REF-{step}", date, allocations, "random", Recorded);
                    model.Owe(m, -amount.Minor);
                    break;
                }
                case 5:
                {
                    var m = members[random.Next(members.Count)];
                    var amount = M(random.Next(1, 30_000));
                    var item = Balances.OpenItems(postings.Where(p => p.MemberId == m), Usd).FirstOrDefault();
                    e = new CreditNoteIssued(Guid.NewGuid(), Consortium, m, Guid.NewGuid(), amount, "goodwill", item?.ItemId, date, Recorded);
                    model.Owe(m, -amount.Minor);
                    break;
                }
                case 7:
                {
                    // A service in kind, credited against the member's dues item when it has one open.
                    var m = members[random.Next(members.Count)];
                    var value = M(random.Next(1, 30_000));
                    var dues = Balances.OpenItems(postings.Where(p => p.MemberId == m), Usd).FirstOrDefault(i => i.ItemId.StartsWith("dues:"))?.ItemId ?? "dues:x";
                    e = new global::SharingLedger.InKind.InKindContributionRecorded(Guid.NewGuid(), Consortium, m, code[m], date.Year, "training", "session", 1m,
                        value, value, date, "workshop", Guid.NewGuid(), 1, Guid.NewGuid(), dues, Recorded);
                    model.Owe(m, -value.Minor);
                    break;
                }
                default:
                {
                    var m = members[random.Next(members.Count)];
                    var amount = M(random.Next(1, 30_000));
                    if (random.Next(2) == 0)
                    {
                        e = new WriteOffApproved(Guid.NewGuid(), Consortium, m, Guid.NewGuid(), amount, "uncollectable", null, date, Recorded);
                        model.Owe(m, -amount.Minor);
                    }
                    else
                    {
                        var upheld = random.Next(2) == 0;
                        e = new DisputeResolved(Guid.NewGuid(), Consortium, m, Guid.NewGuid(), "dues:x", upheld, upheld ? amount : null, "reviewed", date, Recorded);
                        if (upheld) model.Owe(m, -amount.Minor);
                    }
                    break;
                }
            }

            var source = new PostingSource(Guid.NewGuid(), e.GetType().Name, Guid.NewGuid(), 1, Recorded.Plus(Duration.FromSeconds(step)));
            var produced = PostingRules.For(e, source);
            Assert.Equal(0, produced.Sum(p => p.Debit - p.Credit));
            Assert.All(produced, p => Assert.True((p.Debit > 0) ^ (p.Credit > 0)));
            events.Add((e, source));
            postings.AddRange(produced);
        }

        Assert.Equal(0, postings.Sum(p => p.Debit - p.Credit));
        var today = date;
        foreach (var m in members)
        {
            var balance = Balances.Of(m, code[m], postings, Usd, today);
            Assert.Equal(model.Receivable.GetValueOrDefault(m), balance.Outstanding.Minor);
            Assert.Equal(model.Payable.GetValueOrDefault(m), balance.Payable.Minor);
            var replay = postings.Where(p => p.MemberId == m && p.Account == Accounts.MemberReceivable).Sum(p => p.Net);
            Assert.Equal(replay, balance.Outstanding.Minor);
            var ageing = balance.Ageing;
            var aged = ageing.Days0To30.Minor + ageing.Days31To60.Minor + ageing.Days61To90.Minor + ageing.Over90.Minor;
            Assert.Equal(Math.Max(0, replay), aged); // open items are what is owed, unless the member is in credit
        }

        // A rebuild: the same events through the same rules give exactly the same postings.
        var rebuilt = events.SelectMany(x => PostingRules.For(x.Data, x.Source)).ToList();
        Assert.Equal(postings.Select(Key), rebuilt.Select(Key));
    }

    private static string Key(Posting p) =>
        string.Join('|', p.Id, p.Account, p.MemberId, p.Debit, p.Credit, p.Currency, p.BusinessDate, p.Memo, p.ItemId, p.AgreementVersion);

    private static ShareLine Line(Guid member, string code, Money amount) =>
        new(member, code, amount, "1/1", "0", 0, new Dictionary<BasisAttribute, decimal>());
}
