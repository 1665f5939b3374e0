using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Procurement;

/// <summary>A joint purchase from proposal to apportioned invoice (inline snapshot of its stream).</summary>
public sealed class JointProcurement
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public ProcurementProposed Proposal { get; set; } = null!;
    public List<ProcurementAnswer> Answers { get; set; } = [];
    public ContractAwarded? Award { get; set; }
    public ProcurementInvoiced? Invoice { get; set; }
    /// <summary>The shares as they now stand: the first split, or the latest restatement's (the events keep both).</summary>
    public ProcurementCostApportioned? Apportionment { get; set; }
    public List<ProcurementCostRestated> Restatements { get; set; } = [];
    /// <summary>Splits that waited for a decision and that an amendment's restatement made (what each restatement report shows of them).</summary>
    public List<ProcurementCostApportioned> Resolutions { get; set; } = [];
    /// <summary>Payments to the vendor against the invoice.</summary>
    public List<Sharing.VendorPayment> Payments { get; set; } = [];
    /// <summary>Set while the invoice is recorded but its split waits for finance's decision ("needs a decision").</summary>
    public ProcurementSplitPending? PendingSplit { get; set; }
    /// <summary>How many of <see cref="Payments"/> were against invoices since voided (they are the vendor credits' now).</summary>
    public int PaymentsOfVoided { get; set; }
    /// <summary>What the vendor refunded of its credits for voided, paid invoices.</summary>
    public List<Sharing.VendorCreditRefund> CreditRefunds { get; set; } = [];
    /// <summary>Invoices voided, oldest first.</summary>
    public List<ProcurementInvoiceVoided> Voids { get; set; } = [];
    public int Version { get; set; }

    /// <summary>The invoice as booked, for a payment or a void; null before it is invoiced.</summary>
    public Sharing.BookedInvoice? Booked() => Invoice is { } i
        ? new Sharing.BookedInvoice("procurement", Id, null, ConsortiumId, Award?.Vendor ?? "", i.InvoiceNumber, i.InvoiceDate, i.Amount, i.RateToBase,
            i.BaseAmount, Payments.Skip(PaymentsOfVoided).Where(p => p.InvoiceNumber == i.InvoiceNumber).ToList())
        : null;

    /// <summary>What the vendor owes back for the procurement's voided, paid invoices (<see cref="Sharing.VendorCredit"/>).</summary>
    public IReadOnlyList<Sharing.VendorCredit> Credits() =>
        Sharing.VendorCredit.Of("procurement", Id, null, ConsortiumId, Award?.Vendor ?? "",
            Voids.Where(v => v.Paid is { IsPositive: true }).Select(v => new Sharing.VoidedPayments(v.InvoiceNumber, v.VoidedOn, v.Paid!.Value, v.PaidBase!.Value)),
            Payments, CreditRefunds);

    public static JointProcurement Create(ProcurementProposed e) => new() { Id = e.ProcurementId, ConsortiumId = e.ConsortiumId, Proposal = e };

    public void Apply(MemberCommittedToProcurement e) =>
        Answers.Add(new ProcurementAnswer(e.MemberId, e.MemberCode, ProcurementDecision.Commit, e.CommittedOn));

    public void Apply(MemberDeclinedProcurement e) =>
        Answers.Add(new ProcurementAnswer(e.MemberId, e.MemberCode, ProcurementDecision.Decline, e.DeclinedOn));

    public void Apply(ContractAwarded e) => Award = e;

    public void Apply(ProcurementInvoiced e) => Invoice = e;

    public void Apply(ProcurementCostApportioned e)
    {
        Apportionment = e;
        PendingSplit = null;
        if (e.ReplacesAgreementVersion is not null) Resolutions.Add(e);
    }

    /// <summary>Whether the split that stands is one finance decided (a restatement leaves it as decided).</summary>
    public bool SplitDecidedByFinance => Apportionment?.DecidedBecause is not null;

    public void Apply(ProcurementSplitPending e) => PendingSplit = e;

    public void Apply(ProcurementSplitDecided e) { } // the split it decided follows as its own event

    public void Apply(ProcurementInvoicePaid e) => Payments.Add(e.Payment);

    public void Apply(ProcurementVendorCreditRefunded e) => CreditRefunds.Add(e.Refund);

    /// <summary>A voided invoice and its split no longer stand: the procurement is awarded and waits for the right invoice.</summary>
    public void Apply(ProcurementInvoiceVoided e)
    {
        Voids.Add(e);
        PaymentsOfVoided = Payments.Count;
        Invoice = null;
        Apportionment = null;
        PendingSplit = null;
    }

    public void Apply(ProcurementCostRestated e)
    {
        this.Restatements.Add(e);
        Apportionment = Apportionment! with
        {
            AgreementId = e.AgreementId, AgreementVersion = e.AgreementVersion, SharingTermName = e.SharingTermName,
            SharingTerm = e.SharingTerm, Lines = e.Lines, Shortfall = e.Shortfall,
        };
    }

    public ProcurementStatus Status =>
        Apportionment is not null || Invoice is not null ? ProcurementStatus.Invoiced : Award is not null ? ProcurementStatus.Awarded : ProcurementStatus.Open;

    public bool IsInvited(Guid memberId) => Proposal.InvitedMembers.Any(m => m.MemberId == memberId);

    public ProcurementAnswer? AnswerOf(Guid memberId) => Answers.FirstOrDefault(a => a.MemberId == memberId);

    public IReadOnlyList<InvitedMember> CommittedMembers() =>
        Answers.Where(a => a.Decision == ProcurementDecision.Commit).Select(a => new InvitedMember(a.MemberId, a.MemberCode)).ToList();

    public bool EveryoneAnswered() => Proposal.InvitedMembers.All(m => AnswerOf(m.MemberId) is not null);

    /// <summary>Answers are taken up to and including the deadline day, and never after the award.</summary>
    public bool DeadlinePassed(LocalDate today) => today > Proposal.CommitmentDeadline;

    /// <summary>
    /// The invoice less the awarded cost, compared in the award's currency: the invoice as sent when it is in that
    /// currency, else its base amount when the award is in the base currency; null before the invoice, or when the
    /// two could only be compared through a second conversion.
    /// </summary>
    public Money? DifferenceFromAward() => (Award?.ActualCost, Invoice) switch
    {
        ({ } award, { } invoice) when award.Currency == invoice.Amount.Currency => invoice.Amount - award,
        ({ } award, { } invoice) when award.Currency == invoice.BaseAmount.Currency => invoice.BaseAmount - award,
        _ => null,
    };
}
