using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>
/// The consortium contracted a shared database or package for a first term, priced by the named sharing
/// term of the agreement version in force on the term's first day. <paramref name="PreviousShares"/> (last term's
/// shares, for increase caps), <paramref name="PhaseInYear"/> and <paramref name="SharesBeforePhaseIn"/> (the shares
/// of the term before the phase-in began) carry history from before the ledger. <paramref name="SharesBeforePhaseIn"/>
/// is absent from events recorded before it existed: the phase-in then starts from <paramref name="PreviousShares"/>.
/// </summary>
public sealed record SubscriptionContracted(
    Guid SubscriptionId,
    Guid ConsortiumId,
    string Vendor,
    string Resource,
    LocalDate TermStart,
    LocalDate TermEnd,
    Money Price,
    IReadOnlyList<Participation> Participants,
    string SharingTermName,
    SharingTerm SharingTerm,
    Guid AgreementId,
    int AgreementVersion,
    IReadOnlyDictionary<Guid, Money>? StandalonePrices,
    IReadOnlyDictionary<Guid, Money>? PreviousShares,
    int? PhaseInYear,
    Instant RecordedAt,
    IReadOnlyDictionary<Guid, Money>? SharesBeforePhaseIn = null);

/// <summary>The vendor invoiced a term; a foreign amount was converted once to <paramref name="BaseAmount"/> at <paramref name="RateToBase"/>.</summary>
public sealed record SubscriptionInvoiced(
    Guid SubscriptionId,
    int Term,
    string InvoiceNumber,
    LocalDate InvoiceDate,
    Money Amount,
    decimal? RateToBase,
    Money BaseAmount,
    Instant RecordedAt);

/// <summary>
/// A term's invoice was recorded, but the agreement's sharing term cannot split it as written (e.g. a floor above a cap, a
/// usage-based split before any usage is reported): the fact stands (the invoice is owed to the vendor and sits on the central
/// fund) and the split <b>needs a decision</b>, shown in reconciliation, until the term is split again (once usage is
/// reported, or under an amendment) or finance decides the shares (<see cref="SubscriptionSplitDecided"/>).
/// </summary>
public sealed record SubscriptionSplitPending(
    Guid SubscriptionId,
    Guid ConsortiumId,
    int Term,
    string InvoiceNumber,
    Money BaseAmount,
    IReadOnlyList<SplitConflict> Conflicts,
    Instant RecordedAt);

/// <summary>
/// Finance decided how a term the agreement could not split is shared: each member's amount as decided, and
/// <paramref name="Shortfall"/> (the invoice less their sum) borne by the central fund. The split follows as a
/// <see cref="SubscriptionCostApportioned"/> whose method is "decided".
/// </summary>
public sealed record SubscriptionSplitDecided(
    Guid SubscriptionId,
    Guid ConsortiumId,
    int Term,
    string InvoiceNumber,
    string Reason,
    IReadOnlyList<MemberShare> Shares,
    Money Shortfall,
    Instant RecordedAt);

/// <summary>The consortium paid (part of) a term's vendor invoice: <paramref name="Payment"/> (see <see cref="VendorPayment"/>).</summary>
public sealed record SubscriptionInvoicePaid(Guid SubscriptionId, int Term, VendorPayment Payment);

/// <summary>One member's change of share when a term was apportioned again; a negative difference is a credit.</summary>
public sealed record ShareAdjustment(Guid MemberId, string MemberCode, Money Previous, Money Revised, Money Difference);

/// <summary>
/// A term's invoiced cost was split among its participants (revision 1), or split again after a join, a
/// leave or new usage (revision n, with the adjustments against revision n−1). Priced by the agreement
/// version recorded on the term. <paramref name="ReplacesAgreementVersion"/> is set when the revision re-prices the term
/// under a retroactive amendment: the version whose pricing it replaces. Recorded since issue 13 (absent on older events):
/// <paramref name="InvoiceDate"/>, the date of the invoice the term's cost comes from (a first split's shares are dated by it
/// on statements and aged from it), and <paramref name="Resource"/> and <paramref name="Vendor"/>, which name the bill.
/// </summary>
public sealed record SubscriptionCostApportioned(
    Guid SubscriptionId,
    Guid ConsortiumId,
    int Term,
    int Revision,
    string Reason,
    Guid AgreementId,
    int AgreementVersion,
    string SharingTermName,
    PricedCost Cost,
    IReadOnlyList<ShareAdjustment> Adjustments,
    Instant RecordedAt,
    int? ReplacesAgreementVersion = null,
    LocalDate? InvoiceDate = null,
    string? Resource = null,
    string? Vendor = null);

/// <summary>A member joined the current term from <paramref name="From"/> (inclusive).</summary>
public sealed record SubscriptionParticipantJoined(Guid SubscriptionId, int Term, Guid MemberId, LocalDate From, Instant RecordedAt);

/// <summary>A member left the current term; it no longer takes part from <paramref name="EffectiveFrom"/> on.</summary>
public sealed record SubscriptionParticipantLeft(Guid SubscriptionId, int Term, Guid MemberId, LocalDate EffectiveFrom, Instant RecordedAt);

/// <summary>A member's usage of the resource over a period, by COUNTER metric; <paramref name="Source"/> says where it came from.</summary>
public sealed record SubscriptionUsageReported(
    Guid SubscriptionId,
    Guid MemberId,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    string Metric,
    long Count,
    string Source,
    Instant RecordedAt);

/// <summary>
/// The subscription was renewed for a new term and price. Recorded with it: <paramref name="PreviousShares"/>, the
/// shares of the term just ended (the increase caps' base), <paramref name="PhaseInYear"/> and
/// <paramref name="SharesBeforePhaseIn"/>, the shares of the term before the phase-in began (every phase-in year's
/// starting point). Events recorded before these fields existed have none of them (<paramref name="PreviousShares"/>
/// null): the term then derives them from the term before, as it did when recorded.
/// </summary>
public sealed record SubscriptionRenewed(
    Guid SubscriptionId,
    int Term,
    LocalDate TermStart,
    LocalDate TermEnd,
    Money Price,
    IReadOnlyList<Participation> Participants,
    string SharingTermName,
    SharingTerm SharingTerm,
    Guid AgreementId,
    int AgreementVersion,
    IReadOnlyDictionary<Guid, Money>? StandalonePrices,
    Instant RecordedAt,
    IReadOnlyDictionary<Guid, Money>? PreviousShares = null,
    IReadOnlyDictionary<Guid, Money>? SharesBeforePhaseIn = null,
    int? PhaseInYear = null);

/// <summary>The subscription ends; nothing after <paramref name="EffectiveFrom"/> is contracted.</summary>
public sealed record SubscriptionCancelled(Guid SubscriptionId, LocalDate EffectiveFrom, string Reason, Instant RecordedAt);

/// <summary>
/// A term's vendor invoice was voided (recorded in error): the invoice leaves the vendor payable and the shares split from
/// it (<paramref name="ReversedShares"/>, the latest revision's) are taken back from each member, as new postings naming
/// this correction; the events it corrects stay. <paramref name="ThroughRevision"/> is the last apportionment revision it
/// voids; the term can then be invoiced again. <paramref name="Paid"/> and <paramref name="PaidBase"/> (since issue 13's corrections; absent
/// when nothing was paid) are what had been paid against it and what those payments had settled of the vendor payable: that stays with the
/// vendor as a credit (<see cref="VendorCredit"/>), refunded (<see cref="SubscriptionVendorCreditRefunded"/>) or applied to the right invoice.
/// </summary>
public sealed record SubscriptionInvoiceVoided(
    Guid SubscriptionId,
    Guid ConsortiumId,
    int Term,
    string Vendor,
    string InvoiceNumber,
    LocalDate InvoiceDate,
    Money Amount,
    Money BaseAmount,
    int ThroughRevision,
    IReadOnlyList<MemberShare> ReversedShares,
    string Reason,
    LocalDate VoidedOn,
    Instant RecordedAt,
    Money? Paid = null,
    Money? PaidBase = null);

/// <summary>The vendor refunded (part of) its credit for a term's voided, paid invoice: <paramref name="Refund"/> (see <see cref="VendorCreditRefund"/>).</summary>
public sealed record SubscriptionVendorCreditRefunded(Guid SubscriptionId, int Term, VendorCreditRefund Refund);
