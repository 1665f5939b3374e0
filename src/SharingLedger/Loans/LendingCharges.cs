using System.Runtime.CompilerServices;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Clearing;
using SharingLedger.Kernel.Lending;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.Loans;

/// <summary>
/// Prices the lending charge of a loan or copy when the lender ships it, by the fee schedule of the agreement version in
/// force that day, and asks the clearing kernel whether it is billed (reciprocity first, then the borrower's maximum cost).
/// </summary>
public static class LendingCharges
{
    /// <summary>
    /// Null when no agreement version in force on <paramref name="on"/> has lending terms: lending is then free and nothing posts.
    /// <paramref name="allowanceUsed"/> is what the borrower's earlier copies of the fiscal year took from its free pages per year.
    /// <paramref name="stated"/> is the cost the lender states with this delivery (default: the one on the loan); it is the charge
    /// where the agreement lets lenders set their own. A copy-or-loan request is priced as what was delivered: a copy when
    /// <paramref name="pages"/> are given, else a loan.
    /// </summary>
    public static LendingCharged? Price(Loan loan, Agreement? agreement, MemberKind borrowerKind, LocalDate on, int? pages, string baseCurrency, Instant now,
        int allowanceUsed = 0, Money? stated = null)
    {
        var version = agreement?.InForceOn(on);
        if (version?.Lending is not { } fees) return null;
        var zero = Money.Zero(baseCurrency);
        var type = loan.ServiceType == ServiceType.CopyOrLoan ? (pages is null ? ServiceType.Loan : ServiceType.Copy) : loan.ServiceType;
        stated ??= loan.StatedCost;

        Money charge;
        string basis;
        int? billedPages = null;
        if (loan.AcceptedCost is { } accepted)
        {
            charge = accepted;
            basis = $"the cost of {accepted} the borrower accepted in the lender's conditional offer";
        }
        else if (fees.LendersSetCharge && stated is { IsNegative: false } own && own.Currency == baseCurrency)
        {
            charge = own;
            basis = $"the cost of {own} the lender stated (the agreement lets lenders set their own charge)";
        }
        else
        {
            var price = fees.PriceFor(loan.ServiceLevel, borrowerKind)
                ?? throw new InvalidOperationException($"Agreement version {version.Version} prices no {loan.ServiceLevel} service.");
            var level = loan.ServiceLevel.ToString().ToLowerInvariant();
            var forKind = price.BorrowerKind is { } k ? $" for {k.ToString().ToLowerInvariant()} borrowers" : "";
            if (type == ServiceType.Loan)
            {
                charge = price.PerLoan ?? zero;
                basis = $"{level} loan at {charge} per loan{forKind}";
            }
            else
            {
                var perPage = price.PerPage ?? zero;
                var chargeable = Math.Max(0, pages!.Value - fees.FreePagesPerCopy);
                var (fromAllowance, pagesBilled) = fees.FreePagesPerYear is { } allowance && !Reciprocal(fees, loan, baseCurrency)
                    ? PageAllowance.Draw(chargeable, PageAllowance.Left(allowance, allowanceUsed))
                    : (0, chargeable);
                billedPages = pagesBilled;
                charge = new Money(checked(perPage.Minor * pagesBilled), baseCurrency);
                var yearly = fees.FreePagesPerYear is { } a
                    ? $", {fromAllowance} from the free pages per year ({PageAllowance.Left(a, allowanceUsed)} of {a} were left)" : "";
                basis = $"{level} copy of {pages} pages, {Math.Min(pages.Value, fees.FreePagesPerCopy)} free per copy{yearly}, {pagesBilled} at {perPage} per page{forKind}";
            }
            if (fees.LendersSetCharge && stated is { } other)
                basis += $"; the lender's stated cost of {other} is kept on the loan but not charged (not in the base currency {baseCurrency})";
        }

        var terms = Terms(fees, baseCurrency);
        var outcome = MonthlyClearing.OutcomeOf(Kernel(loan.BorrowerId, loan.LenderId, charge, loan.MaxCost, loan.AcceptedCost is not null), terms);
        var billed = outcome == ChargeOutcome.Billed;
        return new LendingCharged(loan.Id, loan.ConsortiumId, loan.BorrowerId, loan.LenderId, type, loan.ServiceLevel, borrowerKind,
            pages, billedPages, charge, basis, loan.MaxCost, loan.AcceptedCost is not null, outcome, billed ? charge : zero,
            billed ? terms.TransactionFee : zero, version.AgreementId, version.Version, on, Months.Of(on), now);
    }

    /// <summary>Reciprocal partners lend free, so their copies draw nothing from the free pages per year.</summary>
    private static bool Reciprocal(LendingFees fees, Loan loan, string baseCurrency) =>
        MonthlyClearing.OutcomeOf(Kernel(loan.BorrowerId, loan.LenderId, Money.Zero(baseCurrency), null, false), Terms(fees, baseCurrency)) == ChargeOutcome.ReciprocalFree;

    /// <summary>
    /// The clearing kernel's terms from an agreement version's lending terms (member ids as the kernel's strings), built once
    /// per fee schedule instance and currency: a history import prices every delivery under the same few instances.
    /// </summary>
    public static ClearingTerms Terms(LendingFees fees, string baseCurrency)
    {
        var cached = TermsOf.GetValue(fees, _ => new StrongBox<ClearingTerms?>());
        if (cached.Value is { } terms && terms.TransactionFee.Currency == (fees.TransactionFee?.Currency ?? baseCurrency)) return terms;
        return cached.Value = new ClearingTerms(
            fees.TransactionFee ?? Money.Zero(baseCurrency),
            fees.ReciprocalGroups?.Select(g => (IReadOnlyList<string>)g.Select(Id).ToList()).ToList());
    }

    // Keyed by the instance (records are immutable); an entry goes with its fee schedule.
    private static readonly ConditionalWeakTable<LendingFees, StrongBox<ClearingTerms?>> TermsOf = new();

    public static IllCharge Kernel(Guid borrower, Guid lender, Money charge, Money? maxCost, bool conditionAccepted) =>
        new(Id(borrower), Id(lender), charge, maxCost, conditionAccepted);

    public static string Id(Guid memberId) => memberId.ToString("D");

    /// <summary>
    /// The pages the borrower's copies delivered in <paramref name="year"/> took from its yearly allowance: of each copy's
    /// pages, those neither billed nor free per copy under the agreement version that priced it.
    /// </summary>
    public static int AllowancePagesUsed(Agreement? agreement, IEnumerable<ILendingFacts> loans, Guid borrowerId, DateInterval year) =>
        AllowancePagesUsed(agreement, loans.Where(l => l.BorrowerId == borrowerId && l.PagesCharged is { } c && year.Contains(c.On)).Select(l => l.PagesCharged!));

    /// <summary>The same from the borrower's copies charged in the year alone (what a copy delivery reads, <see cref="LoanFactsTable.PagesChargedIn"/>).</summary>
    public static int AllowancePagesUsed(Agreement? agreement, IEnumerable<PagesCharged> charged) => charged.Sum(c => AllowancePagesOf(agreement, c));

    private static int AllowancePagesOf(Agreement? agreement, PagesCharged c)
    {
        var perCopy = agreement?.Versions.FirstOrDefault(v => v.Version == c.AgreementVersion)?.Lending?.FreePagesPerCopy ?? 0;
        return Math.Max(0, c.Pages - c.BilledPages - Math.Min(c.Pages, perCopy));
    }
}
