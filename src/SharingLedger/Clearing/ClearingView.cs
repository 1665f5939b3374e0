using NodaTime;
using SharingLedger.Kernel.Clearing;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Clearing;

/// <summary>One charge in a month's clearing and what clearing did with it.</summary>
/// <param name="Kind"><c>lending</c> (posted when shipped) or <c>replacement</c> (a lost item's bill).</param>
/// <param name="AdjustsMonth">For a step reported after its own month was settled: that month; the charge is cleared here as an adjustment.</param>
/// <param name="RequestId">The borrower's request id of the loan.</param>
public sealed record ClearingChargeLine(
    Guid LoanId,
    string Kind,
    Guid BorrowerId,
    string BorrowerCode,
    Guid LenderId,
    string LenderCode,
    LocalDate On,
    Money Charge,
    Money? MaxCost,
    bool ConditionAccepted,
    ChargeOutcome Outcome,
    Money Billed,
    Money Fee,
    int? AgreementVersion,
    string Basis,
    string? AdjustsMonth = null,
    string? RequestId = null);

/// <summary>
/// A month's clearing: each member's position, the central fund's fees and every charge. <see cref="Balanced"/> checks that
/// the positions and the fund sum to zero. A settled month shows the positions as recorded by the settlement.
/// </summary>
public sealed record ClearingView(
    Guid ConsortiumId,
    string Month,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    string Currency,
    bool Settled,
    Instant? SettledAt,
    IReadOnlyList<ClearingPositionLine> Positions,
    Money Fund,
    bool Balanced,
    IReadOnlyList<ClearingChargeLine> Charges);
