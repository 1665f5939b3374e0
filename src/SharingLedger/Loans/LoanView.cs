using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans;

/// <summary>A loan as the API shows it: the snapshot's facts, its steps, its charges and what may happen next.</summary>
public sealed record LoanView(
    Guid Id,
    Guid ConsortiumId,
    Guid BorrowerId,
    string BorrowerCode,
    Guid LenderId,
    string LenderCode,
    ServiceType ServiceType,
    ServiceLevel ServiceLevel,
    Money? MaxCost,
    string RequestId,
    string? Title,
    LocalDate RequestedOn,
    LoanState State,
    Money? OfferedCost,
    bool ConditionAccepted,
    Money? AcceptedCost,
    LocalDate? SuppliedOn,
    LocalDate? DueDate,
    int? Pages,
    LocalDate? OverdueOn,
    LoanLost? LostNotice,
    LendingCharged? Charge,
    ReplacementCharged? Replacement,
    IReadOnlyList<LoanStep> Steps,
    IReadOnlyList<string> AllowedActions,
    int Version,
    LocalDate? CancellationRequestedOn = null,
    Money? StatedCost = null)
{
    public static LoanView Of(Loan l) => new(l.Id, l.ConsortiumId, l.BorrowerId, l.BorrowerCode, l.LenderId, l.LenderCode, l.ServiceType,
        l.ServiceLevel, l.MaxCost, l.RequestId, l.Title, l.RequestedOn, l.State, l.OfferedCost, l.ConditionAccepted, l.AcceptedCost,
        l.SuppliedOn, l.DueDate, l.Pages, l.OverdueOn, l.LostNotice, l.Charge, l.Replacement, l.Steps,
        LoanLifecycle.AllowedFrom(l.State, l.ServiceType).Select(a => a.Name()).ToList(), l.Version,
        l.CancellationRequestedOn, l.StatedCost);
}
