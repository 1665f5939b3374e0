using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Restatements;

/// <summary>
/// One restated item of one member: what it is (<paramref name="Kind"/>: dues, subscription, procurement, clearing), the member's
/// open item it adjusts (<paramref name="ItemId"/>, as in the statement), the version it was priced by before, and the
/// amounts before and after the amendment with their difference. For clearing the amount is what the member owes in the
/// settled month, its position negated: negative when the clearing account pays it (as in the obligations).
/// </summary>
public sealed record RestatementLine(string Kind, string ItemId, Guid SourceId, string Description, int ReplacesAgreementVersion,
    Money Before, Money After, Money Difference);

/// <summary>A member's restated items and their totals.</summary>
public sealed record MemberRestatement(Guid MemberId, string MemberCode, IReadOnlyList<RestatementLine> Lines, Money Before, Money After, Money Difference);

/// <summary>
/// A cost the amendment governs but which its restatement left as it stands because finance decided its split (a recorded human
/// decision is not re-priced by a rule): what it is, the version it was priced by, why it was left, and finance's own reason for
/// its decision (<paramref name="DecidedBecause"/>, as recorded).
/// </summary>
public sealed record LeftAsDecided(string Kind, Guid SourceId, string Description, int PricedByAgreementVersion, string Reason, string DecidedBecause);

/// <summary>
/// What agreement version <paramref name="AgreementVersion"/> (effective from <paramref name="EffectiveFrom"/>) changed in
/// costs already recorded: per member, per item, before, after and difference, with totals. Read from the adjusting events
/// (a procurement split that waited for a decision and that the amendment made shows before 0.00). <paramref name="LeftAsDecided"/>
/// lists what the amendment governs but the restatement left because finance decided it.
/// </summary>
public sealed record RestatementReport(Guid ConsortiumId, Guid AgreementId, int AgreementVersion, LocalDate EffectiveFrom, string Currency,
    IReadOnlyList<MemberRestatement> Members, Money Before, Money After, Money Difference, IReadOnlyList<LeftAsDecided> LeftAsDecided);
