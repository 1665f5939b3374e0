using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>
/// A joint procurement's invoice was recorded, but the sharing term the proposal recorded cannot split it among the committed
/// members as written (e.g. floors that add up to more than the invoice, a floor above a cap): the fact stands (the vendor is
/// owed the invoice, which sits on the central fund) and the split <b>needs a decision</b>, shown on the procurement and in
/// reconciliation, until finance decides the shares (<see cref="ProcurementSplitDecided"/>) or the invoice is voided.
/// </summary>
public sealed record ProcurementSplitPending(
    Guid ProcurementId,
    Guid ConsortiumId,
    string InvoiceNumber,
    Money BaseAmount,
    IReadOnlyList<SplitConflict> Conflicts,
    Instant RecordedAt);

/// <summary>
/// Finance decided how a procurement the agreement could not split is shared: each committed member's amount as decided, and
/// <paramref name="Shortfall"/> (the invoice less their sum) borne by the central fund. The split follows as a
/// <see cref="ProcurementCostApportioned"/> whose <c>DecidedBecause</c> carries the reason.
/// </summary>
public sealed record ProcurementSplitDecided(
    Guid ProcurementId,
    Guid ConsortiumId,
    string InvoiceNumber,
    string Reason,
    IReadOnlyList<MemberShare> Shares,
    Money Shortfall,
    Instant RecordedAt);
