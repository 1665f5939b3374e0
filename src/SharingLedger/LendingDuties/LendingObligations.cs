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
/// <item><c>clearing</c>: each settled month of the year in which the member lent, borrowed or paid fees. The amount is what the
/// member owes, so it is the position negated: a member whose position is +4.74 (it is paid by the clearing account) shows −4.74,
/// one whose position is −15.26 (it pays the clearing account) shows 15.26.</item>
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
        var settlements = (await AsKnown.ManyAsync(session,
                await session.Query<ClearingSettlement>().Where(s => s.ConsortiumId == consortium.Id).ToListAsync(ct), s => s.Id, q.KnownAt, ct))
            .Where(s => period.Contains(s.PeriodStart) && q.Counts(s.PeriodEnd)).OrderBy(s => s.PeriodStart).ToList();
        var items = new List<ObligationItem>();
        foreach (var s in settlements)
        {
            if (s.Settled.Positions.FirstOrDefault(p => p.MemberId == member.Id) is not { } p || (p.Lent.IsZero && p.Borrowed.IsZero && p.Fees.IsZero)) continue;
            var owed = -p.Net;
            var direction = p.Net.IsPositive ? $"the clearing account pays the member {p.Net}" : p.Net.IsNegative ? $"the member pays the clearing account {owed}" : "nothing moves";
            var explanation = $"Interlibrary-loan clearing of {s.Month}, settled at {s.Settled.SettledAt}: lent {p.Lent} (credited), borrowed {p.Borrowed}, " +
                $"fees {p.Fees} to the central fund for {p.BilledBorrowings} billed borrowings; position {p.Net} = lent − borrowed − fees, so {direction}. " +
                "The amount owed is the position negated (negative: owed to the member).";
            if (s.Restatements.Count > 0)
                explanation += $" Restated under agreement version {s.Restatements[^1].AgreementVersion}, a retroactive amendment that re-priced the month's " +
                    $"lending charges (replacing version {s.Restatements[^1].ReplacesAgreementVersion}).";
            items.Add(new ObligationItem("clearing", $"Interlibrary-loan clearing {s.Month}", owed, StreamIds.Agreement(consortium.Id),
                agreement?.InForceOn(s.PeriodEnd)?.Version ?? 0, "monthly clearing", new Dictionary<BasisAttribute, decimal>(), "1/1",
                owed.ToDecimalString(), 0, explanation, s.Id));
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
