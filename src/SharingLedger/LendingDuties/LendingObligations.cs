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
    public async Task<IReadOnlyList<ObligationItem>> ForMemberAsync(IQuerySession session, ObligationQuery q, CancellationToken ct)
    {
        var (consortium, member, fiscalYear, period) = (q.Consortium, q.Member, q.FiscalYear, q.Period);
        var agreement = await AsKnown.LoadAsync<Agreements.Agreement>(session, StreamIds.Agreement(consortium.Id), q.KnownAt, ct);
        var items = new List<ObligationItem>();
        if (q.KnownAt is null) // now: the member's settled months as the settlement projection keeps them (ClearingObligations)
            items.AddRange((await MemberObligationItems.CountedAsync(session, q, ClearingObligations.Kind, ct))
                .Select(x => x.Item with { AgreementVersion = agreement?.InForceOn(x.CountsOn)?.Version ?? 0 }));
        else
        {
            var settlements = (await AsKnown.ManyAsync(session,
                    await session.Query<ClearingSettlement>().Where(s => s.ConsortiumId == consortium.Id).ToListAsync(ct), s => s.Id, q.KnownAt, ct))
                .Where(s => period.Contains(s.PeriodStart) && q.Counts(s.PeriodEnd)).OrderBy(s => s.PeriodStart).ToList();
            foreach (var s in settlements)
                if (s.Settled.Positions.FirstOrDefault(p => p.MemberId == member.Id) is { } p && !(p.Lent.IsZero && p.Borrowed.IsZero && p.Fees.IsZero))
                    items.Add(ClearingObligations.ItemOf(s, p, agreement?.InForceOn(s.PeriodEnd)?.Version ?? 0));
        }

        var loans = await AsKnown.ManyAsync(session, await LoanAccess.LoansAsync(session, consortium.Id, member.Id, ct), l => l.Id, q.KnownAt, ct);
        var lending = MemberLendingFigures.Of(member, fiscalYear, period, loans, agreement, q.Today(clock)); // the figures as they stood then
        if (lending.HasAnything)
            items.Add(new ObligationItem("lending", $"Interlibrary loans {fiscalYear}", Kernel.Money.Money.Zero(consortium.BaseCurrency),
                StreamIds.Agreement(consortium.Id), lending.AgreementVersion ?? 0, "loans supplied and borrowed",
                new Dictionary<BasisAttribute, decimal>(), "0/1", "0", 0, LendingWarnings.Explain(lending), Lending: lending));
        return items;
    }
}
