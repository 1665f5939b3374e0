using NodaTime;
using SharingLedger.Agreements;

namespace SharingLedger.Loans;

/// <summary>
/// The agreement's lost-item windows. The notice window starts on the first day the loan was marked overdue: notice
/// after it means the borrower owes nothing. A loss noticed before the loan was ever overdue is always in time. The
/// billing window starts with the notice. The version in force on the notice's date sets both windows.
/// </summary>
public static class LostItemRules
{
    public static LoanLost Notice(Loan loan, Agreement? agreement, LocalDate on, string? note, Instant now)
    {
        var version = agreement?.InForceOn(on);
        var terms = version?.Lending?.LostItems;
        var noticeDeadline = terms is not null && loan.OverdueOn is { } overdue ? overdue.PlusDays(terms.NoticeDays) : (LocalDate?)null;
        var timely = noticeDeadline is null || on <= noticeDeadline;
        var billingDeadline = terms is null ? (LocalDate?)null : on.PlusDays(terms.BillingDays);
        return new LoanLost(loan.Id, on, loan.OverdueOn, noticeDeadline, timely, billingDeadline,
            terms is null ? null : version!.AgreementId, terms is null ? null : version!.Version, note, now);
    }

    /// <summary>Why a replacement bill dated <paramref name="billOn"/> is refused, or null when it may be charged.</summary>
    public static string? WhyNotBillable(LoanLost notice, LocalDate billOn)
    {
        if (!notice.NoticeTimely)
            return $"The loss was noticed on {notice.On:uuuu-MM-dd}, after the notice window closed on {notice.NoticeDeadline:uuuu-MM-dd} " +
                   $"(the loan was marked overdue on {notice.OverdueOn:uuuu-MM-dd}): the borrower owes nothing.";
        if (notice.BillingDeadline is { } deadline && billOn > deadline)
            return $"The replacement could be billed until {deadline:uuuu-MM-dd} (the billing window after the notice of {notice.On:uuuu-MM-dd}); " +
                   "a later bill is not charged.";
        return null;
    }
}
