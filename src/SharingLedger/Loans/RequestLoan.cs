using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans;

/// <summary>
/// A borrowing member's request to a lending member (ISO 18626 Request): a loan or a copy, at a service level, with the
/// most the borrower will pay (base currency) and its own system's request id. <c>on</c> defaults to today.
/// </summary>
public sealed record RequestLoan(
    Guid BorrowerId,
    Guid LenderId,
    ServiceType? ServiceType,
    ServiceLevel? ServiceLevel,
    string? RequestId,
    MoneyInput? MaxCost = null,
    string? Title = null,
    LocalDate? On = null);
