using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Membership;

/// <summary>A member's figures and attributes as they stand from <see cref="EffectiveFrom"/> until the next version.</summary>
public sealed record MemberFiguresVersion(
    LocalDate EffectiveFrom,
    string Name,
    MemberKind Kind,
    decimal Fte,
    long Population,
    Money MaterialsBudget,
    Guid? HubId);
