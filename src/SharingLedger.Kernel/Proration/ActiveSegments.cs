using NodaTime;

namespace SharingLedger.Kernel.Proration;

/// <summary>
/// Cuts a term into runs of days on which the set of active members is constant: the set can only change
/// on a member's first day or the day after its last, so those dates are the only cuts.
/// </summary>
internal static class ActiveSegments
{
    /// <summary>The member's days within the term, or null if it takes part on none.</summary>
    public static (LocalDate From, LocalDate To)? Clip(ProratedMember member, LocalDate termStart, LocalDate termEnd)
    {
        var from = member.From is { } f && f > termStart ? f : termStart;
        var to = member.To is { } t && t < termEnd ? t : termEnd;
        return from <= to ? (from, to) : null;
    }

    public static List<ActiveSegment> Of(IReadOnlyList<ProratedMember> members, LocalDate termStart, LocalDate termEnd)
    {
        var spans = members.Select(m => (m.MemberId, Span: Clip(m, termStart, termEnd))).ToList();
        var cuts = new SortedSet<LocalDate> { termStart, termEnd.PlusDays(1) };
        foreach (var (_, span) in spans)
        {
            if (span is not { } s) continue;
            cuts.Add(s.From);
            cuts.Add(s.To.PlusDays(1));
        }

        var segments = new List<ActiveSegment>(cuts.Count - 1);
        var start = termStart;
        foreach (var next in cuts.Skip(1))
        {
            var day = start;
            var active = spans
                .Where(m => m.Span is { } s && s.From <= day && s.To >= day)
                .Select(m => m.MemberId)
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToList();
            segments.Add(new ActiveSegment(start, next.PlusDays(-1), Period.DaysBetween(start, next), active));
            start = next;
        }
        return segments;
    }
}
