using NodaTime;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans;

/// <summary>
/// What a member's lending figures read of a loan (<see cref="LendingFigures"/>, the lending duties, the free pages): a whole
/// <see cref="Loan"/>, or its row of <see cref="LoanFacts"/> when only the figures are wanted.
/// </summary>
public interface ILendingFacts
{
    Guid Id { get; }
    Guid BorrowerId { get; }
    Guid LenderId { get; }
    string RequestId { get; }
    string BorrowerCode { get; }
    ServiceLevel ServiceLevel { get; }
    LoanState State { get; }
    LocalDate RequestedOn { get; }
    LocalDate? SuppliedOn { get; }
    /// <summary>The dates its service times are judged on (<see cref="LoanTimeline"/>).</summary>
    ServiceTimeline Timeline { get; }
    /// <summary>The pages its lending charge counted, when it was charged by the page; null otherwise.</summary>
    PagesCharged? PagesCharged { get; }
}

/// <summary>A loan supplied: by which lender, to which borrower, on which day (shipped, or the copy delivered).</summary>
public sealed record LoanSupply(Guid LenderId, Guid BorrowerId, LocalDate SuppliedOn);

/// <summary>A lending charge's pages: copied, billed, on which day and under which agreement version.</summary>
public sealed record PagesCharged(LocalDate On, int Pages, int BilledPages, int AgreementVersion)
{
    public static PagesCharged? Of(LendingCharged? charge) =>
        charge is { Pages: { } pages, BilledPages: { } billed } ? new(charge.On, pages, billed, charge.AgreementVersion) : null;
}

/// <summary>
/// A loan's <see cref="ILendingFacts"/> as plain columns of <c>ledger.loan_facts</c>, kept from the loans' snapshots by triggers
/// (<c>LoanFacts.sql</c>): the steps' actions and dates and the charge's pages, without the rest of the document.
/// </summary>
public sealed record LoanFacts(
    Guid Id, Guid BorrowerId, Guid LenderId, string RequestId, string BorrowerCode, ServiceLevel ServiceLevel, LoanState State,
    LocalDate RequestedOn, LocalDate? SuppliedOn, IReadOnlyList<(LoanAction Action, LocalDate On)> Actions, PagesCharged? PagesCharged) : ILendingFacts
{
    public ServiceTimeline Timeline => LoanTimeline.Of(RequestedOn, SuppliedOn, Actions);
}
