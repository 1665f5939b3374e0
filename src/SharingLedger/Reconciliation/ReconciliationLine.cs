using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Reconciliation;

/// <summary>A vendor invoice as recorded: the original amount, and the rate and base amount of a foreign one.</summary>
public sealed record InvoiceFigures(string Number, LocalDate Date, Money Amount, decimal? RateToBase, Money BaseAmount);

/// <summary>One member's part of a reconciled cost.</summary>
public sealed record ReconciledShare(Guid MemberId, string MemberCode, Money Amount);

/// <summary>
/// One shared cost reconciled for finance: the contracted price, the vendor invoice, what was apportioned
/// to members and what fell to the central fund as shortfall. <see cref="Balanced"/> says whether the
/// shares plus the shortfall add up exactly to the invoice in the base currency. <see cref="NeedsDecision"/> says why a cost
/// recorded as invoiced could not be split as the agreement is written, until it is split again or finance decides it.
/// </summary>
public sealed record ReconciliationLine(
    string Kind,
    Guid SourceId,
    string Description,
    string Vendor,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    Money Contracted,
    InvoiceFigures? Invoice,
    Money? DifferenceToContract,
    Money Apportioned,
    Money Shortfall,
    bool Balanced,
    int? AgreementVersion,
    int Revision,
    IReadOnlyList<ReconciledShare> Shares,
    string? NeedsDecision = null);

/// <summary>The reconciliation of a fiscal year: every shared cost, and whether all of them balance.</summary>
/// <param name="NeedsDecision">How many of the lines wait for a decision on their split.</param>
public sealed record ReconciliationReport(Guid ConsortiumId, int FiscalYear, string BaseCurrency, Money InvoicedTotal,
    Money ApportionedTotal, Money ShortfallTotal, bool AllBalanced, IReadOnlyList<ReconciliationLine> Lines, int NeedsDecision = 0);
