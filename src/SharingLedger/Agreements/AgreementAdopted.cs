using NodaTime;

namespace SharingLedger.Agreements;

/// <summary>
/// A version of the consortium's agreement was signed and is in force from <paramref name="EffectiveFrom"/>
/// until a later version takes effect. Version 1 is the first agreement; later versions amend it.
/// <paramref name="CostSharing"/> names the cost-sharing terms subscriptions and procurements choose from.
/// <paramref name="Lending"/> is the interlibrary-loan fee schedule and programme (optional).
/// <paramref name="Retroactive"/>: an amendment adopted to take effect on a past date, whose restatement re-prices what
/// was already priced under an earlier version from that date on.
/// <paramref name="InKind"/> values services members give in kind, per kind of service (optional).
/// </summary>
public sealed record AgreementAdopted(
    Guid AgreementId,
    Guid ConsortiumId,
    int Version,
    LocalDate EffectiveFrom,
    IReadOnlyList<Guid> Signatories,
    DuesTerm Dues,
    Instant AdoptedAt,
    IReadOnlyDictionary<string, SharingTerm>? CostSharing = null,
    LendingFees? Lending = null,
    bool Retroactive = false,
    IReadOnlyDictionary<string, InKindRate>? InKind = null);
