using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>
/// The invoiced cost (in the base currency, as invoiced) was split among the members who committed, by the
/// sharing term the proposal recorded, with their figures as of <paramref name="PricedOn"/> (the invoice date).
/// The lines plus <paramref name="Shortfall"/> add up exactly to <paramref name="Total"/>. The share is owed
/// in <paramref name="FiscalYear"/>, the fiscal year containing the invoice date. <paramref name="Title"/> (since issue 13; absent on
/// older events) is the procurement's title, which names the bill on statements. <paramref name="DecidedBecause"/> is set when the
/// agreement could not split the invoice and finance decided the shares (<see cref="ProcurementSplitDecided"/>): its reason.
/// <paramref name="ReplacesAgreementVersion"/> and <paramref name="ResolvedBecause"/> (since the money-edges change; absent otherwise) are set
/// when the split waited for a decision (<see cref="ProcurementSplitPending"/>) and a retroactive amendment's restatement made it: the
/// version whose term could not split the invoice, and which amendment resolved it. The amendment is <paramref name="AgreementVersion"/>.
/// </summary>
public sealed record ProcurementCostApportioned(
    Guid ProcurementId,
    Guid ConsortiumId,
    int FiscalYear,
    LocalDate PricedOn,
    Guid AgreementId,
    int AgreementVersion,
    string SharingTermName,
    SharingTerm SharingTerm,
    Money Total,
    IReadOnlyList<ShareLine> Lines,
    Money Shortfall,
    Instant RecordedAt,
    string? Title = null,
    string? DecidedBecause = null,
    int? ReplacesAgreementVersion = null,
    string? ResolvedBecause = null)
{
    public ShareLine? LineOf(Guid memberId) => Lines.FirstOrDefault(l => l.MemberId == memberId);
}
