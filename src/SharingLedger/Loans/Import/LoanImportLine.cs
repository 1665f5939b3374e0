using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans.Import;

/// <summary>
/// One line of a loan-history file: a request (<c>action</c> = <c>request</c>) or a step on the request the same borrower
/// made earlier in the file with the same <c>requestId</c>. The fields are those of <c>POST …/loans</c> and
/// <c>POST …/loans/{loanId}/{action}</c>, with members named by their codes.
/// </summary>
public sealed record LoanImportLine(
    int Number,
    string? Borrower,
    string? RequestId,
    string? Action,
    LocalDate? On,
    string? Lender = null,
    ServiceType? ServiceType = null,
    ServiceLevel? ServiceLevel = null,
    MoneyInput? MaxCost = null,
    string? Title = null,
    int? Pages = null,
    LocalDate? DueDate = null,
    MoneyInput? OfferedCost = null,
    MoneyInput? ReplacementCost = null,
    MoneyInput? StatedCost = null,
    string? Note = null)
{
    public const string RequestAction = "request";

    public bool IsRequest => string.Equals(Action, RequestAction, StringComparison.Ordinal);

    public LoanActionInput StepInput() => new(On, Note, OfferedCost, Pages, DueDate, ReplacementCost, null, StatedCost);
}

/// <summary>A line refused, with its number in the file (1 = the first line, the CSV header included) and why.</summary>
public sealed record LoanImportReject(int Line, string Field, string Message);
