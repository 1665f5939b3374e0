using SharingLedger.Infrastructure;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Obligations;

namespace SharingLedger.Clearing;

/// <summary>
/// A settled month as an item of each member's obligations: one item for every member that lent, borrowed or paid fees that
/// month. The amount is what the member owes, so it is the position negated: a member whose position is +4.74 (it is paid by
/// the clearing account) shows −4.74, one whose position is −15.26 (it pays the clearing account) shows 15.26. The agreement
/// version is the reader's to fill in (the version in force at the month's end may change with a retroactive amendment).
/// </summary>
public static class ClearingObligations
{
    public const string Kind = "clearing";

    public static IEnumerable<(Guid MemberId, NodaTime.LocalDate CountsOn, ObligationItem Item)> ItemsOf(ClearingSettlement s) =>
        s.Settled.Positions.GroupBy(p => p.MemberId).Select(g => g.First())
            .Where(p => !(p.Lent.IsZero && p.Borrowed.IsZero && p.Fees.IsZero))
            .Select(p => (p.MemberId, s.PeriodEnd, ItemOf(s, p, 0)));

    public static ObligationItem ItemOf(ClearingSettlement s, ClearingPositionLine p, int agreementVersion)
    {
        var owed = -p.Net;
        var direction = p.Net.IsPositive ? $"the clearing account pays the member {p.Net}" : p.Net.IsNegative ? $"the member pays the clearing account {owed}" : "nothing moves";
        var explanation = $"Interlibrary-loan clearing of {s.Month}, settled at {s.Settled.SettledAt}: lent {p.Lent} (credited), borrowed {p.Borrowed}, " +
            $"fees {p.Fees} to the central fund for {p.BilledBorrowings} billed borrowings; position {p.Net} = lent − borrowed − fees, so {direction}. " +
            "The amount owed is the position negated (negative: owed to the member).";
        if (s.Restatements.Count > 0)
            explanation += $" Restated under agreement version {s.Restatements[^1].AgreementVersion}, a retroactive amendment that re-priced the month's " +
                $"lending charges (replacing version {s.Restatements[^1].ReplacesAgreementVersion}).";
        return new ObligationItem(Kind, $"Interlibrary-loan clearing {s.Month}", owed, StreamIds.Agreement(s.ConsortiumId),
            agreementVersion, "monthly clearing", new Dictionary<BasisAttribute, decimal>(), "1/1",
            owed.ToDecimalString(), 0, explanation, s.Id);
    }
}
