using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Membership;

namespace SharingLedger.Obligations;

/// <summary>
/// What a member's obligations are asked for: a fiscal year (<see cref="Period"/>), optionally as of a business date
/// (<see cref="AsOf"/>: facts dated after it are left out) and as the ledger knew them at an instant (<see cref="KnownAt"/>:
/// sources rebuild their streams from the events recorded by then, <see cref="Infrastructure.Marten.AsKnown"/>).
/// </summary>
public sealed record ObligationQuery(Consortium Consortium, Member Member, int FiscalYear, DateInterval Period, LocalDate? AsOf, Instant? KnownAt)
{
    /// <summary>Whether a fact dated <paramref name="date"/> belongs to the answer: in the year and not after <see cref="AsOf"/>.</summary>
    public bool Counts(LocalDate date) => Period.Contains(date) && (AsOf is null || date <= AsOf);

    /// <summary>The day running figures (loans, windows) are counted to: today, or earlier when asked as of a date or an instant.</summary>
    public LocalDate Today(IClock clock)
    {
        var calendar = Consortium.Calendar();
        var today = calendar.Today(clock);
        if (AsOf is { } asOf && asOf < today) today = asOf;
        if (KnownAt is { } at && calendar.DateOf(at) < today) today = calendar.DateOf(at);
        return today;
    }
}
