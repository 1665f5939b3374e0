using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using SharingLedger.Obligations;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Reimbursement;

/// <summary>
/// A member's reimbursement for a fiscal year, once paid out, as a negative obligation: the consortium owes it to the member.
/// </summary>
public sealed class ReimbursementObligations : IObligationSource
{
    public PendingItems<ObligationItem> Read(ObligationReads reads, ObligationQuery q)
    {
        var payment = reads.Load<ReimbursementPayment>(StreamIds.ReimbursementPayout(q.Consortium.Id, q.FiscalYear), q.KnownAt);
        return async ct => ItemsOf(await payment(ct), q);
    }

    private static IReadOnlyList<ObligationItem> ItemsOf(ReimbursementPayment? payment, ObligationQuery q)
    {
        if (payment?.PaidOut is not { } paid || !q.Counts(paid.PeriodEnd) || paid.Payouts.FirstOrDefault(p => p.MemberId == q.Member.Id) is not { } payout) return [];
        var owed = -payout.Amount;
        var explanation = $"Lending reimbursement for fiscal year {q.FiscalYear} ({paid.Method} programme of agreement version {paid.AgreementVersion}), " +
            $"paid out at {paid.RecordedAt}: {payout.Explanation} The consortium owes the member {payout.Amount}, so the amount is negative.";
        return [new ObligationItem("reimbursement", $"Lending reimbursement {q.FiscalYear}", owed, paid.AgreementId, paid.AgreementVersion,
            $"{paid.Method} reimbursement", new Dictionary<BasisAttribute, decimal>(), "1/1", owed.ToDecimalString(), 0, explanation, paid.PayoutId)];
    }
}
