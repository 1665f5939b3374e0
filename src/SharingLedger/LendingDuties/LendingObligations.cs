using SharingLedger.Kernel.Lending;
using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using SharingLedger.Obligations;
using SharingLedger.Loans;
using SharingLedger.Agreements;
using SharingLedger.Clearing;

namespace SharingLedger.LendingDuties;

/// <summary>
/// Interlibrary loan in a member's obligations for a fiscal year:
/// <list type="bullet">
/// <item><c>clearing</c>: each settled month of the year in which the member lent, borrowed or paid fees
/// (<see cref="ClearingObligations"/>), with the agreement version in force at the month's end.</item>
/// <item><c>lending</c>: loans supplied versus borrowed, the borrowing quota left, the target ratio, the minimum supplies in the
/// rolling window ending today (kept within the year), service-time breaches and free pages left, with an amount of zero
/// (figures, not money) and the figures in <see cref="ObligationItem.Lending"/>; only when the member lent or borrowed or the
/// agreement sets one of these terms.</item>
/// </list>
/// </summary>
public sealed class LendingObligations(IClock clock) : IObligationSource
{
    public PendingItems<ObligationItem> Read(ObligationReads reads, ObligationQuery q)
    {
        var agreement = reads.Load<Agreements.Agreement>(StreamIds.Agreement(q.Consortium.Id), q.KnownAt);
        if (q.KnownAt is not null) return async ct => await AsKnownAsync(reads.Session, q, await agreement(ct), ct);
        // now: the member's settled months as the settlement projection keeps them (ClearingObligations), and its loans' lending
        // facts as plain columns (LoanFactsTable), not their snapshots
        var months = reads.CountedItems(q, ClearingObligations.Kind);
        reads.Requires(typeof(LoanFactsFeature));
        // of the years that can count (MemberLendingFigures.LoansSince), read again further back only for an agreement's
        // minimum-supplies window of more than a year
        var asOf = MemberLendingFigures.AsOf(q.Period, q.Today(clock));
        var since = MemberLendingFigures.LoansSince(q.Period, asOf, MemberLendingFigures.UsualWindowDays);
        var loans = LoanFactsTable.MemberLoans(reads.Batch, q.Member.Id, since);
        return async ct =>
        {
            var terms = await agreement(ct);
            var settled = (await months(ct)).Select(x => x.Item with { AgreementVersion = terms?.InForceOn(x.CountsOn)?.Version ?? 0 });
            var needed = MemberLendingFigures.LoansSince(q.Period, asOf, MemberLendingFigures.WindowDays(terms, asOf));
            var read = needed < since ? await LoanFactsTable.MemberLoansAsync(reads.Session, q.Member.Id, needed, ct) : await loans;
            return [.. settled, .. Lending(q, terms, read)];
        };
    }

    private async Task<IReadOnlyList<ObligationItem>> AsKnownAsync(IQuerySession session, ObligationQuery q, Agreements.Agreement? agreement, CancellationToken ct)
    {
        var items = new List<ObligationItem>();
        var settlements = (await AsKnown.ManyAsync(session,
                await session.Query<ClearingSettlement>().Where(s => s.ConsortiumId == q.Consortium.Id).ToListAsync(ct), s => s.Id, q.KnownAt, ct))
            .Where(s => q.Period.Contains(s.PeriodStart) && q.Counts(s.PeriodEnd)).OrderBy(s => s.PeriodStart).ToList();
        foreach (var s in settlements)
            if (s.Settled.Positions.FirstOrDefault(p => p.MemberId == q.Member.Id) is { } p && !(p.Lent.IsZero && p.Borrowed.IsZero && p.Fees.IsZero))
                items.Add(ClearingObligations.ItemOf(s, p, agreement?.InForceOn(s.PeriodEnd)?.Version ?? 0));
        var loans = await AsKnown.ManyAsync(session, await LoanAccess.LoansAsync(session, q.Consortium.Id, q.Member.Id, ct), l => l.Id, q.KnownAt, ct);
        items.AddRange(Lending(q, agreement, loans));
        return items;
    }

    /// <summary>The member's lending figures as they stood on the query's day, as an item of no amount, when there is anything to show.</summary>
    private IEnumerable<ObligationItem> Lending(ObligationQuery q, Agreements.Agreement? agreement, IReadOnlyList<ILendingFacts> loans)
    {
        var (consortium, fiscalYear) = (q.Consortium, q.FiscalYear);
        var lending = MemberLendingFigures.Of(q.Member, fiscalYear, q.Period, loans, agreement, q.Today(clock));
        if (lending.HasAnything)
            yield return new ObligationItem("lending", $"Interlibrary loans {fiscalYear}", Kernel.Money.Money.Zero(consortium.BaseCurrency),
                StreamIds.Agreement(consortium.Id), lending.AgreementVersion ?? 0, "loans supplied and borrowed",
                new Dictionary<BasisAttribute, decimal>(), "0/1", "0", 0, LendingWarnings.Explain(lending), Lending: lending);
    }
}
