using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Procurement;
using SharingLedger.Sharing;
using SharingLedger.Subscriptions;
using static SharingLedger.Tests.Sharing.CostGivens;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// Voiding a vendor invoice without a database (issue 13, item 2): given a 2026 subscription at USD 300.00 shared equally by
/// A, B and C and invoiced as such (100.00 each), when the invoice is voided and the right one (270.00) recorded, then the
/// void takes back each 100.00 and the new split is a revision that bills 90.00 each from nothing.
/// </summary>
public class SubscriptionInvoiceCorrectionTests
{
    private static readonly Guid Sid = Guid.Parse("c0575000-0000-4000-8000-0000000000e2");
    private static readonly LocalDate Jan1 = new(2026, 1, 1);
    private static SubscriptionFacts Facts => new(Members(), Agreement());

    private static Subscription Invoiced(string amount = "300.00", string number = "INV-1", Subscription? s = null)
    {
        s ??= Subscription.Create(new SubscriptionContracted(Sid, ConsortiumId, "Vendor", "Chem Journals", Jan1, new LocalDate(2026, 12, 31), Usd("300.00"),
            [new Participation(A), new Participation(B), new Participation(C)], "equal", new SharingTerm(CostSharingRule.Equal()), Agreement().Id, 1,
            null, null, null, Now));
        var events = Accepted(SubscriptionDecisions.Invoice(s, new InvoiceSubscription(1, number, Jan1, new MoneyInput(amount, "USD"), null), "USD", Facts, Now));
        s.Apply((SubscriptionInvoiced)events[0]);
        s.Apply((SubscriptionCostApportioned)events[1]);
        return s;
    }

    private static readonly VoidVendorInvoice Void = new("INV-1", "Keyed 300.00 for 270.00", new LocalDate(2026, 1, 20));

    [Fact]
    public void A_void_takes_back_every_share_and_the_right_invoice_is_split_again_as_a_new_revision()
    {
        var s = Invoiced();
        Assert.Contains("already invoiced", Conflict(SubscriptionDecisions.Invoice(s, new InvoiceSubscription(1, "INV-2", Jan1, new MoneyInput("270.00", "USD"), null), "USD", Facts, Now)));

        var voided = Assert.IsType<SubscriptionInvoiceVoided>(Single(SubscriptionInvoiceDecisions.Void(s, 1, Void, Now)));
        Assert.Equal(("INV-1", Usd("300.00"), 1, "Keyed 300.00 for 270.00"), (voided.InvoiceNumber, voided.BaseAmount, voided.ThroughRevision, voided.Reason));
        Assert.Equal([(A, "100.00"), (B, "100.00"), (C, "100.00")], voided.ReversedShares.Select(r => (r.MemberId, r.Amount.ToDecimalString())).OrderBy(x => x.Item2).ThenBy(x => x.MemberId));
        s.Apply(voided);
        Assert.Null(s.Current.Invoice);
        Assert.Null(s.Current.Latest);
        Assert.Contains("nothing to void", Conflict(SubscriptionInvoiceDecisions.Void(s, 1, Void, Now)));

        s = Invoiced("270.00", "INV-2", s);
        var split = s.Current.Latest!;
        Assert.Equal(2, split.Revision);
        Assert.Equal("invoiced again (INV-2) after INV-1 was voided", split.Reason);
        Assert.All(split.Adjustments, a => Assert.Equal(("0.00", "90.00", "90.00"), (a.Previous.ToDecimalString(), a.Revised.ToDecimalString(), a.Difference.ToDecimalString())));
        Assert.Equal(3, split.Adjustments.Count);
    }

    [Fact]
    public void A_term_that_was_paid_for_is_voided_no_earlier_than_its_payment_keeping_what_was_paid_and_an_unknown_term_is_not_found()
    {
        var s = Invoiced();
        var paid = Assert.IsType<SubscriptionInvoicePaid>(Single(SubscriptionInvoiceDecisions.Pay(s, 1,
            new PayVendorInvoice("INV-1", new MoneyInput("100.00", "USD"), null, "OUT-1", new LocalDate(2026, 2, 1)), "USD", Guid.NewGuid(), Now)));
        Assert.Equal(("subscription", Sid, 1, "Vendor"), (paid.Payment.SourceKind, paid.Payment.SourceId, paid.Payment.Term!.Value, paid.Payment.Vendor));
        s.Apply(paid);
        // Paid on 2026-02-01: a void dated 2026-01-20 is refused; dated after the payment it is recorded, and the 100.00
        // already paid is kept on the void (it becomes the vendor's credit).
        Assert.IsType<SharingLedger.Infrastructure.Decision.Invalid>(SubscriptionInvoiceDecisions.Void(s, 1, Void, Now));
        var voided = Assert.IsType<SubscriptionInvoiceVoided>(Single(SubscriptionInvoiceDecisions.Void(s, 1, Void with { VoidedOn = new LocalDate(2026, 2, 2) }, Now)));
        Assert.Equal(("INV-1", Usd("100.00")), (voided.InvoiceNumber, voided.Paid));
        Assert.IsType<SharingLedger.Infrastructure.Decision.NotFound>(SubscriptionInvoiceDecisions.Void(s, 2, Void, Now));
    }

    [Fact]
    public void A_procurement_void_takes_back_the_shares_as_they_stand_and_leaves_it_awarded()
    {
        var p = JointProcurement.Create(new ProcurementProposed(Guid.NewGuid(), ConsortiumId, "Chemistry e-books", "Chemistry", Usd("600.00"), "equal",
            Agreement().Id, 1, new SharingTerm(CostSharingRule.Equal()), new LocalDate(2026, 4, 1), new LocalDate(2026, 5, 1),
            [new InvitedMember(A, "A"), new InvitedMember(B, "B")], Now));
        p.Apply(new ContractAwarded(p.Id, ConsortiumId, "Acme", Usd("600.00"), new LocalDate(2026, 5, 2), [new InvitedMember(A, "A"), new InvitedMember(B, "B")], Now));
        p.Apply(new ProcurementInvoiced(p.Id, ConsortiumId, "P-1", new LocalDate(2026, 5, 3), Usd("600.00"), null, "600.00", Usd("600.00"), Now));
        p.Apply(new ProcurementCostApportioned(p.Id, ConsortiumId, 2026, new LocalDate(2026, 5, 3), Agreement().Id, 1, "equal", new SharingTerm(CostSharingRule.Equal()),
            Usd("600.00"), [Line(A, "A", "300.00"), Line(B, "B", "300.00")], Usd("0.00"), Now));

        var voided = Assert.IsType<ProcurementInvoiceVoided>(Single(ProcurementInvoiceDecisions.Void(p, Void with { InvoiceNumber = "P-1", VoidedOn = new LocalDate(2026, 5, 4) }, Now)));
        Assert.Equal(("Acme", "P-1", Usd("600.00")), (voided.Vendor, voided.InvoiceNumber, voided.BaseAmount));
        Assert.Equal(["300.00", "300.00"], voided.ReversedShares.Select(r => r.Amount.ToDecimalString()));
        p.Apply(voided);
        Assert.Equal((ProcurementStatus.Awarded, null, null), (p.Status, p.Invoice, p.Apportionment));
    }

    private static ShareLine Line(Guid id, string code, string amount) =>
        new(id, code, Usd(amount), "1/2", amount, 0, new Dictionary<BasisAttribute, decimal>());
}
