using NodaTime;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Sharing;

/// <summary>
/// One member's share of a shared cost as recorded in an event, with everything that explains it:
/// the exact fraction (<paramref name="Weight"/>, "n/d"), the exact amount before rounding, the minor
/// units rounding added, the figures the rule read, the cap or floor that bound, the phase-in year,
/// and for prorated terms the days the member took part.
/// </summary>
public sealed record ShareLine(
    Guid MemberId,
    string MemberCode,
    Money Amount,
    string Weight,
    string ExactAmount,
    long RoundingAdjustmentMinor,
    IReadOnlyDictionary<BasisAttribute, decimal> Inputs,
    Money? CapApplied = null,
    Money? FloorApplied = null,
    int? PhaseInYear = null,
    int? DaysActive = null,
    LocalDate? ActiveFrom = null,
    LocalDate? ActiveTo = null)
{
    /// <summary>The figures its explanation states (<see cref="ShareFigures"/>), as a share of <paramref name="baseAmount"/>, the cost split.</summary>
    public ShareFigures FiguresOf(Money baseAmount) => Figures(baseAmount, Weight, ExactAmount, Amount, RoundingAdjustmentMinor, CapApplied, FloorApplied);

    /// <summary>The figures of a share recorded as text: its fraction ("n/d") and its exact amount in major units ("13028.571429").</summary>
    public static ShareFigures Figures(Money baseAmount, string weight, string exactAmount, Money charged, long roundingMinor, Money? cap = null, Money? floor = null) =>
        ShareFigures.Of(baseAmount, Fraction.ParseRatio(weight),
            Fraction.Parse(exactAmount) * new Fraction(System.Numerics.BigInteger.Pow(10, baseAmount.MinorUnits)), charged, roundingMinor, cap, floor);
}

/// <summary>A cost split among members: lines plus an explicit shortfall add up exactly to the total.</summary>
/// <param name="Method">"apportioned" (the whole term, caps and phase-in applied) or "prorated" (day by day).</param>
public sealed record PricedCost(Money Total, string Method, IReadOnlyList<ShareLine> Lines, Money Shortfall, int TermDays)
{
    public ShareLine? LineOf(Guid memberId) => Lines.FirstOrDefault(l => l.MemberId == memberId);
}

/// <summary>A member's part in a shared cost: from and to (inclusive) within the term; null means the whole term.</summary>
public sealed record Participation(Guid MemberId, LocalDate? From = null, LocalDate? To = null);
