using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Loans;
using SharingLedger.Membership;
using SharingLedger.Sharing;
using SharingLedger.Clearing;

namespace SharingLedger.Restatements;

/// <summary>
/// Re-prices lending charges by the amendment's fee schedule (for the day each loan shipped, as when first priced), and
/// clears every already settled month that held one of them again. Unsettled months need no adjustment: they will clear
/// the charges as they now stand.
/// </summary>
public static class LendingRestatement
{
    public sealed record Restated(IReadOnlyList<(Loan Loan, LendingChargeRestated Event)> Charges, IReadOnlyList<(ClearingSettlement Settlement, ClearingRestated Event)> Months);

    /// <param name="loans">The consortium's loans as loaded for this request; re-priced charges are set on them (never stored as documents).</param>
    public static Restated Restate(Guid consortiumId, string currency, Agreement agreement, AgreementAdopted amendment, IReadOnlyList<Loan> loans,
        IReadOnlyList<Member> members, IReadOnlyList<ClearingSettlement> settlements, Instant now)
    {
        if (amendment.Lending is null) return new Restated([], []);
        var charges = new List<(Loan, LendingChargeRestated)>();
        var replaced = new Dictionary<string, int>();
        foreach (var loan in loans)
        {
            if (loan.Charge is not { } was || !RestatementScope.Touches(agreement, amendment, was.On, was.AgreementVersion)) continue;
            if (LendingCharges.Price(loan, agreement, was.BorrowerKind, was.On, was.Pages, currency, now) is not { } priced) continue;
            var charge = priced with { RecordedAt = was.RecordedAt }; // same charge, same place in its month's order
            charges.Add((loan, new LendingChargeRestated(loan.Id, consortiumId, amendment.AgreementId, amendment.Version, was.AgreementVersion, charge, now)));
            replaced[was.Month] = Math.Min(replaced.GetValueOrDefault(was.Month, int.MaxValue), was.AgreementVersion);
            loan.Charge = charge;
        }

        var months = new List<(ClearingSettlement, ClearingRestated)>();
        var clearingMembers = members.Select(ClearingMember.Of).ToList();
        foreach (var settlement in settlements.Where(s => replaced.ContainsKey(s.Month)).OrderBy(s => s.Month, StringComparer.Ordinal))
        {
            Months.TryParse(settlement.Month, out var month);
            var inMonth = loans.SelectMany(l => MonthCharge.Of(ChargedLoan.Of(l))).Where(c => c.Month == settlement.Month).ToList();
            var view = ClearingCalculation.Compute(consortiumId, month, currency, clearingMembers, inMonth, agreement);
            var before = settlement.Settled;
            var differences = ShareDifferences.Compare(Owed(before.Positions), Owed(view.Positions), currency);
            months.Add((settlement, new ClearingRestated(settlement.Id, consortiumId, settlement.Month, settlement.PeriodStart, settlement.PeriodEnd,
                amendment.AgreementId, amendment.Version, replaced[settlement.Month], currency, before.Positions, before.Fund, view.Positions, view.Fund,
                differences, now)));
        }
        return new Restated(charges, months);
    }

    /// <summary>What each member owes in clearing (its position negated), for the members with a position.</summary>
    private static IEnumerable<(Guid, string, Kernel.Money.Money)> Owed(IEnumerable<ClearingPositionLine> positions) =>
        positions.Where(p => !p.Net.IsZero).Select(p => (p.MemberId, p.MemberCode, -p.Net));
}
