using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Reimbursement;

/// <summary>A fiscal year's reimbursement as computed now, or why it cannot be (no programme, not a year); and the consortium's today.</summary>
public sealed record ReimbursementYear(int FiscalYear, ReimbursementView? View, FieldError? NotComputable, LocalDate Today);

/// <summary>
/// The decisions of the lending reimbursement, free of HTTP and storage: a lender's documented cost for a year, and the
/// year's payout, each the one event it records or why it records nothing.
/// </summary>
public static class ReimbursementDecisions
{
    /// <param name="member">The member the command names, when it is a member of the consortium.</param>
    public static Decision DocumentCost(Guid claimsId, Guid consortiumId, int fiscalYear, DocumentLendingCost command, Member? member, string baseCurrency, Instant now)
    {
        var v = new Validation().Require(fiscalYear is >= 1900 and <= 9998, "fiscalYear", "Must be a year such as 2026.");
        if (member is null) v.Add("memberId", $"{command.MemberId} is not a member of this consortium.");
        var cost = v.Money(command.DocumentedCost, "documentedCost", currency: baseCurrency);
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        return Decision.Accept(new LendingCostDocumented(claimsId, consortiumId, fiscalYear, command.MemberId, cost!.Value, now));
    }

    public static Decision PayOut(ReimbursementPayment? payment, Guid paymentId, Guid consortiumId, ReimbursementYear year, Instant now)
    {
        if (year.NotComputable is { } why) return new Decision.Invalid([why]);
        if (payment is not null) return new Decision.Conflict($"The reimbursement of fiscal year {year.FiscalYear} was already paid out at {payment.PaidOut.RecordedAt}.");
        var view = year.View!;
        if (view.PeriodEnd >= year.Today)
            return new Decision.Invalid([new("fiscalYear", $"Fiscal year {year.FiscalYear} is not over yet (it ends {view.PeriodEnd:uuuu-MM-dd}); pay it out from the first day after it.")]);
        return Decision.Accept(new ReimbursementPaidOut(paymentId, consortiumId, year.FiscalYear, view.PeriodStart, view.PeriodEnd, view.AgreementId, view.AgreementVersion,
            view.Method, view.Total, view.Payouts.Where(p => !p.Amount.IsZero).Select(p => new ReimbursementPayout(p.MemberId, p.MemberCode, p.Amount, p.Explanation)).ToList(),
            now));
    }
}
