using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Sharing;
using SharingLedger.Subscriptions;
using static SharingLedger.Tests.Sharing.CostGivens;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// The subscription decisions without a database: given a subscription for 2026 at 300.00, shared equally by A, B and C,
/// when a command, then the events it records or the refusal.
/// </summary>
public class SubscriptionDecisionTests
{
    private static readonly Guid Sid = Guid.Parse("c0575000-0000-4000-8000-0000000000e1");
    private static readonly LocalDate Jan1 = new(2026, 1, 1);
    private static readonly LocalDate Dec31 = new(2026, 12, 31);
    private static SubscriptionFacts Facts => new(Members(), Agreement());

    private static Subscription Contracted() => Subscription.Create(new SubscriptionContracted(Sid, ConsortiumId, "Vendor", "Chem Journals",
        Jan1, Dec31, Usd("300.00"), [new Participation(A), new Participation(B), new Participation(C)], "equal",
        new SharingTerm(CostSharingRule.Equal()), Agreement().Id, 1, null, null, null, Now));

    /// <summary>The subscription after the real invoice decision's two events (its figures are checked by <see cref="Invoicing_splits_the_base_amount_equally"/>).</summary>
    private static Subscription Invoiced()
    {
        var s = Contracted();
        var events = Accepted(SubscriptionDecisions.Invoice(Contracted(), new InvoiceSubscription(null, "INV-1", Jan1, new MoneyInput("300.00", "USD"), null), "USD", Facts, Now));
        s.Apply((SubscriptionInvoiced)events[0]);
        s.Apply((SubscriptionCostApportioned)events[1]);
        return s;
    }

    private static ContractSubscription Contract(string term = "equal", params Guid[] members) => new(" Vendor ", "Chem Journals", Jan1, Dec31,
        new MoneyInput("300.00", "USD"), (members.Length == 0 ? [A, B, C] : members).Select(m => new ParticipantInput(m, null)).ToList(), term);

    [Fact]
    public void Contracting_records_the_term_under_the_named_sharing_term()
    {
        var e = Assert.IsType<SubscriptionContracted>(Single(SubscriptionDecisions.Contract(Contract(), Consortium(), Facts, Sid, Now)));
        Assert.Equal(("Vendor", Jan1, Dec31, Usd("300.00"), "equal", 1), (e.Vendor, e.TermStart, e.TermEnd, e.Price, e.SharingTermName, e.AgreementVersion));
        Assert.Equal([A, B, C], e.Participants.Select(p => p.MemberId));
    }

    [Fact]
    public void Contracting_refuses_an_unknown_sharing_term_and_a_member_not_yet_admitted()
    {
        var errors = Refused(SubscriptionDecisions.Contract(Contract("nope", A, D), Consortium(), Facts, Sid, Now));
        Assert.StartsWith("Agreement version 1 has no cost-sharing term 'nope'", errors["sharingTerm"]);
        Assert.Equal("Member D is not an active member on 2026-01-01.", errors["participants[1].memberId"]);
    }

    [Fact]
    public void Invoicing_splits_the_base_amount_equally()
    {
        var events = Accepted(SubscriptionDecisions.Invoice(Contracted(), new InvoiceSubscription(null, " INV-1 ", Jan1, new MoneyInput("300.00", "USD"), null), "USD", Facts, Now));
        var invoiced = Assert.IsType<SubscriptionInvoiced>(events[0]);
        Assert.Equal(("INV-1", 1, Usd("300.00")), (invoiced.InvoiceNumber, invoiced.Term, invoiced.BaseAmount));
        var split = Assert.IsType<SubscriptionCostApportioned>(events[1]);
        Assert.Equal(1, split.Revision);
        Assert.Equal(["A 100.00", "B 100.00", "C 100.00"], split.Cost.Lines.Select(l => $"{l.MemberCode} {l.Amount.ToDecimalString()}").Order());
        Assert.Empty(split.Adjustments);
    }

    [Fact]
    public void Invoicing_refuses_a_rate_for_the_base_currency_and_a_second_invoice()
    {
        var rated = Refused(SubscriptionDecisions.Invoice(Contracted(), new InvoiceSubscription(null, "INV-1", Jan1, new MoneyInput("300.00", "USD"), 1.1m), "USD", Facts, Now));
        Assert.Equal("Only a foreign-currency invoice has a rate.", rated["rateToBase"]);
        Assert.Equal("Term 1 was already invoiced (INV-1).",
            Conflict(SubscriptionDecisions.Invoice(Invoiced(), new InvoiceSubscription(1, "INV-2", Jan1, new MoneyInput("300.00", "USD"), null), "USD", Facts, Now)));
    }

    [Fact]
    public void Joining_an_uninvoiced_term_records_the_join_only()
    {
        var e = Assert.IsType<SubscriptionParticipantJoined>(Single(SubscriptionChangeDecisions.Join(Contracted(), new JoinSubscription(D, new LocalDate(2026, 7, 1)), Facts, Now)));
        Assert.Equal((1, D, new LocalDate(2026, 7, 1)), (e.Term, e.MemberId, e.From));
    }

    [Fact]
    public void Joining_an_invoiced_term_splits_it_again_by_day()
    {
        // D takes part for 184 of 365 days (1 July to 31 December) with three others: 300.00 × 184/365 ÷ 4 = 37.808… → 37.81.
        var events = Accepted(SubscriptionChangeDecisions.Join(Invoiced(), new JoinSubscription(D, new LocalDate(2026, 7, 1)), Facts, Now));
        Assert.IsType<SubscriptionParticipantJoined>(events[0]);
        var split = Assert.IsType<SubscriptionCostApportioned>(events[1]);
        Assert.Equal(2, split.Revision);
        Assert.Equal(Usd("37.81"), split.Cost.LineOf(D)!.Amount);
        Assert.Equal(Usd("300.00"), Kernel.Money.Money.Sum(split.Cost.Lines.Select(l => l.Amount), "USD"));
        Assert.Equal(Usd("37.81"), split.Adjustments.Single(a => a.MemberId == D).Difference);
    }

    [Fact]
    public void Joining_refuses_a_member_before_its_admission_and_a_stranger()
    {
        var early = Refused(SubscriptionChangeDecisions.Join(Contracted(), new JoinSubscription(D, new LocalDate(2026, 2, 1)), Facts, Now));
        Assert.Equal("Member D is not an active member on 2026-02-01.", early["memberId"]);
        var stranger = Guid.Parse("c0575000-0000-4000-8000-0000000000ff");
        Assert.Equal($"{stranger} is not a member of this consortium.",
            Refused(SubscriptionChangeDecisions.Join(Contracted(), new JoinSubscription(stranger, new LocalDate(2026, 7, 1)), Facts, Now))["memberId"]);
    }

    [Fact]
    public void Leaving_records_the_first_day_without_the_member()
    {
        var e = Assert.IsType<SubscriptionParticipantLeft>(Single(SubscriptionChangeDecisions.Leave(Contracted(), C, new LeaveSubscription(new LocalDate(2026, 7, 1)), Facts, Now)));
        Assert.Equal((1, C, new LocalDate(2026, 7, 1)), (e.Term, e.MemberId, e.EffectiveFrom));
    }

    [Fact]
    public void Leaving_refuses_a_non_participant_and_the_first_day_of_the_term()
    {
        Assert.IsType<Decision.NotFound>(SubscriptionChangeDecisions.Leave(Contracted(), D, new LeaveSubscription(new LocalDate(2026, 7, 1)), Facts, Now));
        Assert.Equal("Must be after the member's first day in the term (2026-01-01) and no later than the term's end (2026-12-31).",
            Refused(SubscriptionChangeDecisions.Leave(Contracted(), C, new LeaveSubscription(Jan1), Facts, Now))["effectiveFrom"]);
    }

    [Fact]
    public void Reapportioning_an_invoiced_term_records_a_new_revision()
    {
        var split = Assert.IsType<SubscriptionCostApportioned>(Single(SubscriptionChangeDecisions.Reapportion(Invoiced(), 1, new ReapportionTerm(" usage in "), Facts, Now)));
        Assert.Equal((2, "usage in"), (split.Revision, split.Reason));
        Assert.Equal(["A 100.00", "B 100.00", "C 100.00"], split.Cost.Lines.Select(l => $"{l.MemberCode} {l.Amount.ToDecimalString()}").Order());
        Assert.Empty(split.Adjustments);
    }

    [Fact]
    public void Reapportioning_refuses_an_uninvoiced_term_and_an_unknown_one()
    {
        Assert.Equal("Term 1 has not been invoiced yet.", Refused(SubscriptionChangeDecisions.Reapportion(Contracted(), 1, new ReapportionTerm("again"), Facts, Now))["term"]);
        Assert.Equal(new Decision.NotFound("term 5 of subscription", Sid), SubscriptionChangeDecisions.Reapportion(Contracted(), 5, new ReapportionTerm("again"), Facts, Now));
    }

    [Fact]
    public void Usage_of_a_participant_inside_the_term_is_recorded()
    {
        var e = Assert.IsType<SubscriptionUsageReported>(Single(SubscriptionChangeDecisions.ReportUsage(Contracted(),
            new ReportUsage(A, Jan1, new LocalDate(2026, 1, 31), null, 42), Now)));
        Assert.Equal((A, 42L, "Total_Item_Requests", "manual"), (e.MemberId, e.Count, e.Metric, e.Source));
    }

    [Fact]
    public void Usage_of_a_non_participant_is_refused()
    {
        Assert.Equal($"Member {D} does not take part in the subscription in that period.",
            Refused(SubscriptionChangeDecisions.ReportUsage(Contracted(), new ReportUsage(D, Jan1, new LocalDate(2026, 1, 31), null, 42), Now))["memberId"]);
    }

    [Fact]
    public void Renewing_starts_the_next_term_with_the_members_taking_part_at_the_end()
    {
        var e = Assert.IsType<SubscriptionRenewed>(Single(SubscriptionDecisions.Renew(Contracted(),
            new RenewSubscription(null, new LocalDate(2027, 12, 31), new MoneyInput("330.00", "USD")), "USD", Facts, Now)));
        Assert.Equal((2, new LocalDate(2027, 1, 1), Usd("330.00"), "equal"), (e.Term, e.TermStart, e.Price, e.SharingTermName));
        Assert.Equal([A, B, C], e.Participants.Select(p => p.MemberId));
    }

    [Fact]
    public void Renewing_refuses_a_cancelled_subscription_and_a_start_inside_the_current_term()
    {
        var cancelled = Contracted();
        cancelled.Apply(new SubscriptionCancelled(Sid, new LocalDate(2026, 9, 1), "budget", Now));
        Assert.Equal("The subscription was cancelled; it cannot be renewed.",
            Conflict(SubscriptionDecisions.Renew(cancelled, new RenewSubscription(null, new LocalDate(2027, 12, 31), new MoneyInput("330.00", "USD")), "USD", Facts, Now)));
        Assert.Equal("The new term must start after the current one ends (2026-12-31).",
            Refused(SubscriptionDecisions.Renew(Contracted(), new RenewSubscription(new LocalDate(2026, 12, 1), new LocalDate(2027, 12, 31), new MoneyInput("330.00", "USD")), "USD", Facts, Now))["termStart"]);
    }

    [Fact]
    public void Cancelling_records_the_date_and_reason()
    {
        var e = Assert.IsType<SubscriptionCancelled>(Single(SubscriptionDecisions.Cancel(Contracted(), new CancelSubscription(new LocalDate(2026, 9, 1), " budget cut "), Now)));
        Assert.Equal((new LocalDate(2026, 9, 1), "budget cut"), (e.EffectiveFrom, e.Reason));
    }

    [Fact]
    public void Cancelling_refuses_the_first_day_and_a_second_cancellation()
    {
        Assert.Equal("A cancellation takes effect after the first term starts.",
            Refused(SubscriptionDecisions.Cancel(Contracted(), new CancelSubscription(Jan1, "budget"), Now))["effectiveFrom"]);
        var cancelled = Contracted();
        cancelled.Apply(new SubscriptionCancelled(Sid, new LocalDate(2026, 9, 1), "budget", Now));
        Assert.Equal("The subscription was already cancelled from 2026-09-01.", Conflict(SubscriptionDecisions.Cancel(cancelled, new CancelSubscription(new LocalDate(2026, 10, 1), "again"), Now)));
    }

    private static CounterRow Row(string institution) =>
        new("TR_J1", [institution], "Library A", "Chem Journals", Jan1, new LocalDate(2026, 1, 31), "Total_Item_Requests", 17);

    [Fact]
    public void A_counter_report_row_of_a_known_institution_is_recorded_once()
    {
        var members = Members();
        members[A].CounterInstitutionIds.Add("0000000012345678");
        var (decision, result) = CounterImportDecision.Decide(Contracted(), [Row("ISNI:0000000012345678")], [], 100, members, Now);
        var e = Assert.IsType<SubscriptionUsageReported>(Single(decision));
        Assert.Equal((A, 17L, "counter:TR_J1"), (e.MemberId, e.Count, e.Source));
        Assert.Equal((1, 0), (result!.Recorded, result.AlreadyRecorded));

        var imported = Contracted();
        imported.Apply(e);
        var (again, second) = CounterImportDecision.Decide(imported, [Row("ISNI:0000000012345678")], [], 100, members, Now);
        Assert.Empty(Accepted(again));
        Assert.Equal((0, 1), (second!.Recorded, second.AlreadyRecorded));
    }

    [Fact]
    public void A_counter_report_of_an_unknown_institution_records_nothing()
    {
        var (decision, result) = CounterImportDecision.Decide(Contracted(), [Row("ISNI:999")], [], 100, Members(), Now);
        Assert.StartsWith("Unknown institution ISNI:999 (Library A)", Refused(decision)["Report_Header.Institution_ID"]);
        Assert.Null(result);
    }
}
