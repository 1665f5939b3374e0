using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Procurement;
using static SharingLedger.Tests.Sharing.CostGivens;

namespace SharingLedger.Tests.Procurement;

/// <summary>
/// The procurement decisions without a database: given a proposal of 2026-06-01 (estimate 1,000.00, shared equally, answers
/// until 2026-06-30) to which A, B and C are invited, when a command on 2026-06-15, then the events or the refusal.
/// </summary>
public class ProcurementDecisionTests
{
    private static readonly Guid Pid = Guid.Parse("c0575000-0000-4000-8000-0000000000e2");
    private static readonly LocalDate Deadline = new(2026, 6, 30);
    private static ProcurementFacts Facts => new(Members(), [], Agreement());

    private static JointProcurement Proposed() => JointProcurement.Create(new ProcurementProposed(Pid, ConsortiumId, "Atlas", "Maps", Usd("1000.00"),
        "equal", Agreement().Id, 1, new SharingTerm(CostSharingRule.Equal()), new LocalDate(2026, 6, 1), Deadline,
        [new InvitedMember(A, "A"), new InvitedMember(B, "B"), new InvitedMember(C, "C")], Now));

    /// <summary>A and B committed, C declined, awarded to Vendor on 2026-06-10 for 1,000.00.</summary>
    private static JointProcurement Awarded()
    {
        var p = Answered();
        p.Apply(new ContractAwarded(Pid, ConsortiumId, "Vendor", Usd("1000.00"), new LocalDate(2026, 6, 10), [new InvitedMember(A, "A"), new InvitedMember(B, "B")], Now));
        return p;
    }

    private static JointProcurement Answered()
    {
        var p = Proposed();
        p.Apply(new MemberCommittedToProcurement(Pid, ConsortiumId, A, "A", new LocalDate(2026, 6, 2), Now));
        p.Apply(new MemberCommittedToProcurement(Pid, ConsortiumId, B, "B", new LocalDate(2026, 6, 2), Now));
        p.Apply(new MemberDeclinedProcurement(Pid, ConsortiumId, C, "C", new LocalDate(2026, 6, 3), Now));
        return p;
    }

    [Fact]
    public void A_proposal_invites_every_member_active_today_when_none_are_named()
    {
        var e = Assert.IsType<ProcurementProposed>(Single(ProcurementDecisions.Propose(
            new ProposeProcurement(" Atlas ", "Maps", new MoneyInput("1000.00", "USD"), "equal", Deadline, null), Consortium(), Facts, Today, Pid, Now)));
        Assert.Equal(("Atlas", Today, Deadline, 1), (e.Title, e.ProposedOn, e.CommitmentDeadline, e.AgreementVersion));
        Assert.Equal(["A", "B", "C", "D"], e.InvitedMembers.Select(m => m.MemberCode));
    }

    [Fact]
    public void A_proposal_refuses_a_past_deadline_and_a_usage_term()
    {
        var errors = Refused(ProcurementDecisions.Propose(
            new ProposeProcurement("Atlas", "Maps", new MoneyInput("1000.00", "USD"), "by-usage", new LocalDate(2026, 6, 1), null), Consortium(), Facts, Today, Pid, Now));
        Assert.Equal("The deadline cannot be in the past; today is 2026-06-15 in the consortium's time zone.", errors["commitmentDeadline"]);
        Assert.Equal("Term 'by-usage' splits by usage counts, which a one-off purchase does not have.", errors["sharingTerm"]);
    }

    [Fact]
    public void An_invited_member_commits()
    {
        var e = Assert.IsType<MemberCommittedToProcurement>(Single(ProcurementDecisions.Answer(Proposed(), new AnswerProcurement(A, ProcurementDecision.Commit), Members()[A], Today, Now)));
        Assert.Equal((A, "A", Today), (e.MemberId, e.MemberCode, e.CommittedOn));
    }

    [Fact]
    public void An_answer_is_refused_from_an_uninvited_member_after_the_award_and_twice()
    {
        Assert.Equal("Member D was not invited to this procurement.",
            Refused(ProcurementDecisions.Answer(Proposed(), new AnswerProcurement(D, ProcurementDecision.Commit), Members()[D], Today, Now))["memberId"]);
        Assert.Equal("The contract was awarded on 2026-06-10; answers are closed.",
            Conflict(ProcurementDecisions.Answer(Awarded(), new AnswerProcurement(C, ProcurementDecision.Commit), Members()[C], Today, Now)));
        Assert.Equal("Member A already answered 'commit' on 2026-06-02.",
            Conflict(ProcurementDecisions.Answer(Answered(), new AnswerProcurement(A, ProcurementDecision.Decline), Members()[A], Today, Now)));
    }

    [Fact]
    public void The_award_names_the_committed_members_once_everyone_answered()
    {
        var e = Assert.IsType<ContractAwarded>(Single(ProcurementDecisions.Award(Answered(), new AwardContract(" Vendor ", new MoneyInput("950.00", "USD")), Today, Now)));
        Assert.Equal(("Vendor", Usd("950.00"), Today), (e.Vendor, e.ActualCost, e.AwardedOn));
        Assert.Equal([A, B], e.CommittedMembers.Select(m => m.MemberId));
    }

    [Fact]
    public void The_award_waits_for_the_deadline_while_answers_are_missing()
    {
        var errors = Refused(ProcurementDecisions.Award(Proposed(), new AwardContract("Vendor", new MoneyInput("950.00", "USD")), Today, Now));
        Assert.StartsWith("Answers are open until 2026-06-30 and 3 invited member(s) have not answered", errors["commitmentDeadline"]);
        Assert.Equal("No invited member committed; a contract needs at least one committed member to share its cost.", errors["commitments"]);
    }

    [Fact]
    public void The_invoice_is_split_equally_among_the_committed_members()
    {
        var events = Accepted(ProcurementDecisions.Invoice(Awarded(), new InvoiceProcurement(" INV-9 ", Today, new MoneyInput("1000.01", "USD"), null), Consortium(), Facts, Today, Now));
        var invoiced = Assert.IsType<ProcurementInvoiced>(events[0]);
        Assert.Equal(("INV-9", Usd("1000.01")), (invoiced.InvoiceNumber, invoiced.BaseAmount));
        var split = Assert.IsType<ProcurementCostApportioned>(events[1]);
        Assert.Equal(2026, split.FiscalYear);
        // 1,000.01 between two: 500.005 each, one cent left over by largest remainder: 500.01 and 500.00.
        Assert.Equal(["500.00", "500.01"], split.Lines.Select(l => l.Amount.ToDecimalString()).Order());
    }

    [Fact]
    public void The_invoice_is_refused_before_the_award_and_in_a_foreign_currency_without_a_rate()
    {
        Assert.Equal("The contract has not been awarded yet; an invoice follows the award.",
            Conflict(ProcurementDecisions.Invoice(Answered(), new InvoiceProcurement("INV-9", Today, new MoneyInput("1000.00", "USD"), null), Consortium(), Facts, Today, Now)));
        Assert.Equal("Required: the invoice is in EUR, not the base currency USD; give USD per EUR.",
            Refused(ProcurementDecisions.Invoice(Awarded(), new InvoiceProcurement("INV-9", Today, new MoneyInput("900.00", "EUR"), null), Consortium(), Facts, Today, Now))["rateToBase"]);
    }
}
