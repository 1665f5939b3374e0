using NodaTime;

namespace SharingLedger.Kernel.Proration;

/// <summary>A run of days of a term on which the same members take part (both ends inclusive).</summary>
public sealed record ActiveSegment(LocalDate Start, LocalDate End, int Days, IReadOnlyList<string> MemberIds);
