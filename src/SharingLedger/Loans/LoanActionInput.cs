using NodaTime;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Loans;

/// <summary>
/// The body of <c>POST …/loans/{loanId}/{action}</c>. <c>on</c> is the business date (default: today in the consortium's
/// time zone); the other fields belong to certain actions only: <c>offeredCost</c> to conditional, <c>pages</c> to
/// copyCompleted, <c>dueDate</c> to shipped and renewed, <c>replacementCost</c> to lost and billReplacement, <c>statedCost</c>
/// (what the lender states the delivery costs, in any ISO 4217 currency; recorded, and the charge only where the agreement
/// lets lenders set their own) to shipped and copyCompleted.
/// <c>expectedVersion</c>, when given, must be the loan's current version.
/// </summary>
public sealed record LoanActionInput(
    LocalDate? On = null,
    string? Note = null,
    MoneyInput? OfferedCost = null,
    int? Pages = null,
    LocalDate? DueDate = null,
    MoneyInput? ReplacementCost = null,
    int? ExpectedVersion = null,
    MoneyInput? StatedCost = null);
