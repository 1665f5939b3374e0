using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Reimbursement;

/// <summary>One member's payout from the fiscal year's reimbursement programme, with the explanation it was computed with.</summary>
public sealed record ReimbursementPayout(Guid MemberId, string MemberCode, Money Amount, string Explanation);

/// <summary>
/// Finance paid out a fiscal year's net-lender reimbursement as computed under the programme of the agreement version in
/// force on the year's first day: the central fund owes each member its payout. Dated the year's last day. Once per year.
/// </summary>
public sealed record ReimbursementPaidOut(
    Guid PayoutId,
    Guid ConsortiumId,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    Guid AgreementId,
    int AgreementVersion,
    ReimbursementMethod Method,
    Money Total,
    IReadOnlyList<ReimbursementPayout> Payouts,
    Instant RecordedAt);

/// <summary>A fiscal year's payout (inline snapshot of <c>StreamIds.ReimbursementPayout</c>).</summary>
public sealed class ReimbursementPayment
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public int FiscalYear { get; set; }
    public ReimbursementPaidOut PaidOut { get; set; } = null!;
    public int Version { get; set; }

    public static ReimbursementPayment Create(ReimbursementPaidOut e) =>
        new() { Id = e.PayoutId, ConsortiumId = e.ConsortiumId, FiscalYear = e.FiscalYear, PaidOut = e };
}
