using NodaTime;
using SharingLedger.Kernel.Arithmetic;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Proration;

/// <summary>
/// One member's charge for a term: its exact sum over the days it took part, rounded once, with the
/// days that explain it.
/// </summary>
/// <param name="ActiveFrom">First day of the term the member took part, or null if none.</param>
/// <param name="ActiveTo">Last day of the term the member took part, or null if none.</param>
public sealed record ProratedShare(
    string MemberId,
    M Amount,
    Fraction ExactMinor,
    long RoundingAdjustmentMinor,
    int DaysActive,
    LocalDate? ActiveFrom,
    LocalDate? ActiveTo);
