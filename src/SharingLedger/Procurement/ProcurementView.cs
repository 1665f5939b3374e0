using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>
/// What the API shows of a joint purchase, with the reconciliation and the duplicate-buying warning: members whose
/// collecting assignment covers the subject (<c>alreadyCollectedBy</c>) or who hold it from an earlier one (<c>alreadyHeldBy</c>).
/// <c>needsDecision</c> says why an invoice recorded could not be split as the agreement is written, until finance decides the shares.
/// </summary>
public sealed record ProcurementView(
    Guid Id,
    Guid ConsortiumId,
    string Title,
    string Subject,
    ProcurementStatus Status,
    Money EstimatedCost,
    string SharingTerm,
    Guid AgreementId,
    int AgreementVersion,
    string Rule,
    SharingTerm SharingTermDefinition,
    LocalDate ProposedOn,
    LocalDate CommitmentDeadline,
    IReadOnlyList<InvitationView> InvitedMembers,
    AwardView? Award,
    InvoiceView? Invoice,
    ApportionmentView? Apportionment,
    ReconciliationView Reconciliation,
    IReadOnlyList<SubjectHolder> AlreadyCollectedBy,
    IReadOnlyList<SubjectHolder> AlreadyHeldBy,
    int Version,
    string? NeedsDecision = null)
{
    public static ProcurementView From(JointProcurement p, IReadOnlyList<SubjectHolder> holders)
    {
        var proposal = p.Proposal;
        var invited = proposal.InvitedMembers.Select(m => p.AnswerOf(m.MemberId) is { } a
            ? new InvitationView(m.MemberId, m.MemberCode, a.Decision, a.AnsweredOn)
            : new InvitationView(m.MemberId, m.MemberCode, null, null)).ToList();
        var award = p.Award is { } w ? new AwardView(w.Vendor, w.ActualCost, w.AwardedOn, w.CommittedMembers) : null;
        var invoice = p.Invoice is { } i ? new InvoiceView(i.InvoiceNumber, i.InvoiceDate, i.Amount, i.RateToBase, i.ExactBaseAmount, i.BaseAmount) : null;
        var apportionment = p.Apportionment is { } c
            ? new ApportionmentView(c.FiscalYear, c.PricedOn, c.AgreementVersion, c.Total, c.Lines, c.Shortfall)
            : null;
        return new ProcurementView(p.Id, p.ConsortiumId, proposal.Title, proposal.Subject, p.Status, proposal.EstimatedCost,
            proposal.SharingTermName, proposal.AgreementId, proposal.AgreementVersion, proposal.SharingTerm.Rule.Describe(),
            proposal.SharingTerm, proposal.ProposedOn, proposal.CommitmentDeadline, invited, award, invoice, apportionment,
            ReconciliationView.Of(p), holders.Where(h => h.CollectsNow).ToList(), holders.Where(h => !h.CollectsNow).ToList(), p.Version,
            ProcurementReconciliation.NeedsDecision(p));
    }

    /// <summary>
    /// The offer as the invited member <paramref name="member"/> sees it: its own answer, and once split its own share with
    /// its explanation; no other member's answer, commitment, share or holdings. The totals (estimate, award, invoice,
    /// apportioned and shortfall) are the offer's own figures and stay.
    /// </summary>
    public ProcurementView SeenBy(Guid member) => this with
    {
        InvitedMembers = InvitedMembers.Where(i => i.MemberId == member).ToList(),
        Award = Award is { } a ? a with { CommittedMembers = a.CommittedMembers.Where(m => m.MemberId == member).ToList() } : null,
        Apportionment = Apportionment is { } c ? c with { Lines = c.Lines.Where(l => l.MemberId == member).ToList() } : null,
        AlreadyCollectedBy = [],
        AlreadyHeldBy = [],
    };
}

/// <summary>An invited member and its answer; decision and answeredOn are null while it has not answered.</summary>
public sealed record InvitationView(Guid MemberId, string MemberCode, ProcurementDecision? Decision, LocalDate? AnsweredOn);

public sealed record AwardView(string Vendor, Money ActualCost, LocalDate AwardedOn, IReadOnlyList<InvitedMember> CommittedMembers);

public sealed record InvoiceView(string InvoiceNumber, LocalDate InvoiceDate, Money Amount, decimal? RateToBase, string ExactBaseAmount, Money BaseAmount);

public sealed record ApportionmentView(int FiscalYear, LocalDate PricedOn, int AgreementVersion, Money Total, IReadOnlyList<ShareLine> Lines, Money Shortfall);

/// <summary>
/// Estimate, award and invoice side by side (<see cref="JointProcurement.DifferenceFromAward"/> says how the
/// difference is taken). <c>apportioned</c> plus <c>shortfall</c> equals the invoice's base amount.
/// </summary>
public sealed record ReconciliationView(
    Money EstimatedCost,
    Money? AwardedCost,
    Money? InvoicedAmount,
    Money? InvoicedBaseAmount,
    Money? DifferenceFromAward,
    Money? Apportioned,
    Money? Shortfall)
{
    public static ReconciliationView Of(JointProcurement p)
    {
        var apportioned = p.Apportionment is { } c ? Money.Sum(c.Lines.Select(l => l.Amount), c.Total.Currency) : (Money?)null;
        return new ReconciliationView(p.Proposal.EstimatedCost, p.Award?.ActualCost, p.Invoice?.Amount, p.Invoice?.BaseAmount,
            p.DifferenceFromAward(), apportioned, p.Apportionment?.Shortfall);
    }
}
