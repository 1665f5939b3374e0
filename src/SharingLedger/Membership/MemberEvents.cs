using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Membership;

/// <summary>A library joined the consortium, with its figures as of <paramref name="EffectiveFrom"/>.</summary>
public sealed record MemberAdmitted(
    Guid MemberId,
    Guid ConsortiumId,
    string Code,
    string Name,
    MemberKind Kind,
    decimal Fte,
    long Population,
    Money MaterialsBudget,
    Guid? HubId,
    LocalDate EffectiveFrom,
    Instant RecordedAt);

/// <summary>
/// Some of a member's details changed from <paramref name="EffectiveFrom"/> on; a null field did not change.
/// <paramref name="ClearHub"/> removes the member from its hub.
/// </summary>
public sealed record MemberDetailsChanged(
    Guid MemberId,
    Guid ConsortiumId,
    LocalDate EffectiveFrom,
    string? Name,
    MemberKind? Kind,
    decimal? Fte,
    long? Population,
    Money? MaterialsBudget,
    Guid? HubId,
    bool ClearHub,
    Instant RecordedAt);

/// <summary>A member left the consortium; it is not a member from <paramref name="EffectiveFrom"/> on.</summary>
public sealed record MemberWithdrawn(Guid MemberId, Guid ConsortiumId, LocalDate EffectiveFrom, string Reason, Instant RecordedAt);

/// <summary>
/// The identifiers other systems use for the member, replacing earlier ones: COUNTER institution ids
/// (as "Type:Value" or a bare value) for usage reports, and ISO 18626 agency ids for interlibrary loan.
/// </summary>
public sealed record MemberIdentifiersSet(
    Guid MemberId,
    Guid ConsortiumId,
    IReadOnlyList<string> CounterInstitutionIds,
    IReadOnlyList<string> IllAgencyIds,
    Instant RecordedAt);

/// <summary>
/// A library outside the consortium (a national network's library, another consortium's) was registered as a party to
/// loans from <paramref name="EffectiveFrom"/>: it borrows from and lends to members and has a clearing account like a
/// member, but no vote, no dues and no share of subscriptions or procurements. Its ISO 18626 agency ids are set as a member's are.
/// </summary>
public sealed record ExternalLibraryRegistered(
    Guid MemberId,
    Guid ConsortiumId,
    string Code,
    string Name,
    MemberKind Kind,
    string Currency,
    LocalDate EffectiveFrom,
    Instant RecordedAt);
