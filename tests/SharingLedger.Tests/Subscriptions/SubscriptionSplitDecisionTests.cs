using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Sharing;
using SharingLedger.Subscriptions;
using static SharingLedger.Tests.Sharing.CostGivens;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// "Record the fact, flag the decision" without a database (issue 13, item 3): a USD 1,000.00 term of A and B split by usage,
/// invoiced before any usage is reported. The invoice is recorded and the split waits for a decision; finance decides A 500.00
/// and B 400.00, and the central fund bears the other 100.00.
/// </summary>
public class SubscriptionSplitDecisionTests
{
    private static readonly LocalDate Jan1 = new(2026, 1, 1);
    private static SubscriptionFacts Facts => new(Members(), Agreement());

    private static Subscription ByUsage() => Subscription.Create(new SubscriptionContracted(Guid.NewGuid(), ConsortiumId, "EBSCO", "Academic Search", Jan1,
        new LocalDate(2026, 12, 31), Usd("1000.00"), [new Participation(A), new Participation(B)], "usage",
        new SharingTerm(CostSharingRule.ProportionalTo(BasisAttribute.Usage)), Agreement().Id, 1, null, null, null, Now));

    private static Subscription Pending()
    {
        var s = ByUsage();
        foreach (var e in Accepted(SubscriptionDecisions.Invoice(s, new InvoiceSubscription(1, "EB-1", Jan1, new MoneyInput("1000.00", "USD"), null), "USD", Facts, Now)))
            switch (e)
            {
                case SubscriptionInvoiced i: s.Apply(i); break;
                case SubscriptionSplitPending p: s.Apply(p); break;
            }
        return s;
    }

    private static DecideSubscriptionSplit Decide(string a = "500.00", string b = "400.00") =>
        new("Usage not reported by the vendor; split as last year", new Dictionary<Guid, MoneyInput> { [A] = new(a, "USD"), [B] = new(b, "USD") });

    [Fact]
    public void An_invoice_the_agreement_cannot_split_is_recorded_and_its_split_waits_for_a_decision()
    {
        var events = Accepted(SubscriptionDecisions.Invoice(ByUsage(), new InvoiceSubscription(1, "EB-1", Jan1, new MoneyInput("1000.00", "USD"), null), "USD", Facts, Now));
        Assert.Equal("EB-1", Assert.IsType<SubscriptionInvoiced>(events[0]).InvoiceNumber);
        var pending = Assert.IsType<SubscriptionSplitPending>(events[1]);
        Assert.Equal(Usd("1000.00"), pending.BaseAmount);
        Assert.NotEmpty(pending.Conflicts);
        var s = Pending();
        Assert.Equal((true, true), (s.Current.Invoice is not null, s.Current.Latest is null));
    }

    [Fact]
    public void Finance_decides_the_shares_and_the_fund_bears_the_rest()
    {
        var events = Accepted(SubscriptionSplitDecisions.Decide(Pending(), 1, Decide(), Facts, Now));
        var decided = Assert.IsType<SubscriptionSplitDecided>(events[0]);
        Assert.Equal(("EB-1", Usd("100.00")), (decided.InvoiceNumber, decided.Shortfall));
        var split = Assert.IsType<SubscriptionCostApportioned>(events[1]);
        Assert.Equal((1, "decided", Usd("100.00")), (split.Revision, split.Cost.Method, split.Cost.Shortfall));
        Assert.Equal([(A, "500.00"), (B, "400.00")], split.Cost.Lines.Select(l => (l.MemberId, l.Amount.ToDecimalString())));
    }

    [Fact]
    public void A_decision_is_refused_beyond_the_invoice_for_a_non_participant_or_where_none_is_needed()
    {
        Assert.Contains("1100.00 USD", Refused(SubscriptionSplitDecisions.Decide(Pending(), 1, Decide("700.00"), Facts, Now))["shares"]);
        var withC = new DecideSubscriptionSplit("x", new Dictionary<Guid, MoneyInput> { [C] = new("1.00", "USD") });
        Assert.Equal("Not a participant of the term.", Refused(SubscriptionSplitDecisions.Decide(Pending(), 1, withC, Facts, Now))[$"shares.{C}"]);
        Assert.Contains("needs no decision", Conflict(SubscriptionSplitDecisions.Decide(ByUsage(), 1, Decide(), Facts, Now)));
    }
}
