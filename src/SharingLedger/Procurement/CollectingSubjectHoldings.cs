using Marten;
using SharingLedger.Collecting;

namespace SharingLedger.Procurement;

/// <summary>
/// Subject holdings from the co-construction collecting plans of every fiscal year: a member collects the
/// subject while it has an active assignment of it, and holds it when spend was reported against a withdrawn
/// one. Subjects match ignoring case and extra white space (<see cref="Collecting.SubjectHoldings"/>).
/// </summary>
public sealed class CollectingSubjectHoldings : ISubjectHoldings
{
    public async Task<IReadOnlyList<SubjectHolder>> HoldersOfAsync(IQuerySession session, Guid consortiumId, string subject, CancellationToken ct)
    {
        var holdings = await Collecting.SubjectHoldings.FindAsync(session, consortiumId, subject, ct);
        return holdings.Select(h => new SubjectHolder(h.MemberId, h.MemberCode, h.Assignments[^1].Subject,
                h.Assignments.Any(a => a.Status == "active"),
                string.Join("; ", h.Assignments.Select(a =>
                    $"collecting plan FY {a.FiscalYear}: {a.Status} assignment of '{a.Subject}'{(a.Format is null ? "" : $" ({a.Format})")}, " +
                    $"{a.Committed} committed, {a.Reported} reported"))))
            .ToList();
    }
}
