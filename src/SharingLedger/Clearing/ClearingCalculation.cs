using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Clearing;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;

namespace SharingLedger.Clearing;

/// <summary>
/// A month's clearing from the charges that posted in it, netted by the kernel's <see cref="MonthlyClearing"/>. Lending
/// charges are cleared under the terms (fee, reciprocal groups) of the agreement version that priced each of them;
/// replacement bills are cleared with no fee and no reciprocity. The statements are added member by member.
/// </summary>
public static class ClearingCalculation
{
    public static ClearingView Compute(Guid consortiumId, YearMonth month, string currency, IReadOnlyList<ClearingMember> members,
        IReadOnlyList<MonthCharge> charges, Agreement? agreement)
    {
        var text = Months.Format(month);
        var start = month.OnDayOfMonth(1);
        var end = month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month));
        var ids = members.Select(m => LendingCharges.Id(m.Id)).ToList();
        var codes = members.ToDictionary(m => m.Id, m => m.Code);
        var zero = Money.Zero(currency);

        var lending = InOrder(charges, text, MonthCharge.Lending);
        var replacements = InOrder(charges, text, MonthCharge.Replacement);

        var statements = new List<ClearingStatement>();
        var lines = new List<ClearingChargeLine>(lending.Count + replacements.Count);
        foreach (var priced in lending.GroupBy(c => c.AgreementVersion ?? 0).OrderBy(g => g.Key))
        {
            var version = agreement?.Versions.SingleOrDefault(v => v.Version == priced.Key)?.Lending
                ?? throw new InvalidOperationException($"Agreement version {priced.Key} that priced a charge has no lending terms.");
            var inVersion = priced.ToList();
            var statement = MonthlyClearing.Clear(ids,
                inVersion.Select(c => LendingCharges.Kernel(c.BorrowerId, c.LenderId, c.Amount, c.MaxCost, c.ConditionAccepted)).ToList(),
                LendingCharges.Terms(version, currency));
            statements.Add(statement);
            lines.AddRange(statement.Charges.Select(x => Line(inVersion[x.Index], x, inVersion[x.Index].AgreementVersion, inVersion[x.Index].Basis ?? "", codes)));
        }
        var lost = MonthlyClearing.Clear(ids,
            replacements.Select(r => LendingCharges.Kernel(r.BorrowerId, r.LenderId, r.Amount, null, false)).ToList(), new ClearingTerms(zero));
        lines.AddRange(lost.Charges.Select(x => Line(replacements[x.Index], x, null,
            $"replacement cost of a lost item noticed on {replacements[x.Index].LostOn:uuuu-MM-dd}", codes)));

        var all = statements.Append(lost).ToList();
        // Each statement's positions and the lines by member, looked up by key: a month at a year's traffic has 2,000 members and
        // 12,000 lines, and searching them member by member cost more than the rest of the month (docs/performance.md).
        var byMember = all.Select(s => s.Positions.ToDictionary(p => p.MemberId, StringComparer.Ordinal)).ToList();
        var lendingCount = statements.Count;
        var linesOf = lines.SelectMany(l => new[] { (Member: l.BorrowerId, Line: l), (Member: l.LenderId, Line: l) }).ToLookup(x => x.Member, x => x.Line);
        var positions = members
            .Where(m => m.ActiveIn(start, end) || byMember.Any(s => Position(s, LendingCharges.Id(m.Id)) is { } p && (!p.Lent.IsZero || !p.Borrowed.IsZero || !p.Fees.IsZero)))
            .Select(m =>
            {
                var id = LendingCharges.Id(m.Id);
                var parts = byMember.Select(s => Position(s, id)).ToList();
                var net = Money.Sum(parts.Select(p => p.Net), currency);
                return new ClearingPositionLine(m.Id, m.Code, Money.Sum(parts.Select(p => p.Lent), currency), Money.Sum(parts.Select(p => p.Borrowed), currency),
                    Money.Sum(parts.Select(p => p.Fees), currency), net, parts.Take(lendingCount).Sum(p => p.BilledBorrowings),
                    net.IsPositive ? "receives" : net.IsNegative ? "pays" : "none",
                    linesOf[m.Id].Select(l => l.RequestId ?? l.LoanId.ToString("D")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
            })
            .OrderBy(p => p.MemberCode, StringComparer.Ordinal)
            .ToList();
        var fund = Money.Sum(statements.Select(s => s.Fund), currency);
        return new ClearingView(consortiumId, text, start, end, currency, false, null, positions, fund, IsBalanced(positions, fund), lines);
    }

    /// <summary>A member's position in one statement, as <see cref="ClearingStatement.For"/> finds it.</summary>
    private static ClearingPosition Position(Dictionary<string, ClearingPosition> positions, string memberId) =>
        positions.TryGetValue(memberId, out var p) ? p : throw new KeyNotFoundException($"Member {memberId} has no position in this clearing.");

    /// <summary>Positions plus the fund sum to zero.</summary>
    public static bool IsBalanced(IReadOnlyList<ClearingPositionLine> positions, Money fund) =>
        (Money.Sum(positions.Select(p => p.Net), fund.Currency) + fund).IsZero;

    /// <summary>The month's charges of one kind, in the clearing's order: by day, then as recorded, then by loan.</summary>
    private static List<MonthCharge> InOrder(IReadOnlyList<MonthCharge> charges, string month, string kind) =>
        charges.Where(c => c.Kind == kind && c.Month == month).OrderBy(c => c.On).ThenBy(c => c.RecordedAt).ThenBy(c => c.LoanId).ToList();

    private static ClearingChargeLine Line(MonthCharge c, ClearedCharge x, int? version, string basis, IReadOnlyDictionary<Guid, string> codes) =>
        new(c.LoanId, c.Kind, c.BorrowerId, codes.GetValueOrDefault(c.BorrowerId, "?"), c.LenderId, codes.GetValueOrDefault(c.LenderId, "?"), c.On,
            x.Charge.Charge, x.Charge.MaxCost, x.Charge.ConditionAccepted, x.Outcome, x.Billed, x.Fee, version, basis, c.AdjustsMonth, c.RequestId);
}
