using Marten;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Agreements;

/// <summary>Checks the agreement's lending terms (<c>lending</c>); each error names its field.</summary>
public static class LendingFeesValidation
{
    public static async Task CheckAsync(Validation v, LendingFees? fees, Guid consortiumId, string baseCurrency, IQuerySession session, CancellationToken ct)
    {
        if (fees is null) return;
        var groups = fees.ReciprocalGroups ?? [];
        var ids = groups.Where(g => g is not null).SelectMany(g => g).Distinct().ToList();
        var members = ids.Count == 0 ? [] : (await session.LoadManyAsync<Member>(ct, ids)).Where(m => m.ConsortiumId == consortiumId).Select(m => m.Id).ToHashSet();
        Check(v, fees, baseCurrency, members);
    }

    /// <summary>The checks themselves; <paramref name="members"/> holds the ids, among those the groups name, that are members of the consortium.</summary>
    public static void Check(Validation v, LendingFees fees, string baseCurrency, IReadOnlySet<Guid> members)
    {
        const string at = "lending";
        var prices = fees.Prices ?? [];
        if (prices.Count == 0) v.Add($"{at}.prices", "Required: at least one row per service level.");
        for (var i = 0; i < prices.Count; i++)
        {
            var p = prices[i];
            var field = $"{at}.prices[{i}]";
            if (p is null) { v.Add(field, "Required."); continue; }
            if (p.ServiceLevel is null) v.Add($"{field}.serviceLevel", "Required: normal, rush or express.");
            Amount(v, p.PerLoan, $"{field}.perLoan", baseCurrency);
            Amount(v, p.PerPage, $"{field}.perPage", baseCurrency);
            if (prices.Take(i).Any(x => x is not null && x.ServiceLevel == p.ServiceLevel && x.BorrowerKind == p.BorrowerKind))
                v.Add(field, "The same service level and borrower kind is priced twice.");
        }
        var missing = Enum.GetValues<ServiceLevel>().Where(l => !prices.Any(p => p is not null && p.ServiceLevel == l && p.BorrowerKind is null)).ToList();
        if (prices.Count > 0 && missing.Count > 0)
            v.Add($"{at}.prices", $"Each service level needs a row without a borrower kind; missing: {string.Join(", ", missing.Select(m => m.ToString().ToLowerInvariant()))}.");

        v.Require(fees.FreePagesPerCopy is >= 0 and <= 10000, $"{at}.freePagesPerCopy", "Must be from 0 to 10000.");
        var groups = fees.ReciprocalGroups ?? [];
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g] ?? [];
            var field = $"{at}.reciprocalGroups[{g}]";
            if (group.Distinct().Count() < 2) v.Add(field, "A reciprocal group has at least two different members.");
            if (group.Distinct().Count() != group.Count) v.Add(field, "A member is listed twice in the group.");
            foreach (var id in group.Where(id => !members.Contains(id)).Distinct())
                v.Add(field, $"{id} is not a member of this consortium.");
        }
        Amount(v, fees.TransactionFee, $"{at}.transactionFee", baseCurrency);
        if (fees.LostItems is { } lost)
        {
            v.Require(lost.NoticeDays is >= 1 and <= 3650, $"{at}.lostItems.noticeDays", "Must be from 1 to 3650 days.");
            v.Require(lost.BillingDays is >= 1 and <= 3650, $"{at}.lostItems.billingDays", "Must be from 1 to 3650 days.");
        }
        v.Require(fees.BorrowingQuota is null or >= 0, $"{at}.borrowingQuota", "Cannot be negative.");
        if (fees.Reimbursement is { } r) CheckReimbursement(v, r, $"{at}.reimbursement", baseCurrency);
        LendingDutiesValidation.Check(v, fees, at);
    }

    private static void CheckReimbursement(Validation v, ReimbursementTerm r, string at, string baseCurrency)
    {
        if (r.Method == ReimbursementMethod.NetLender)
        {
            if (r.Pool is null) v.Add($"{at}.pool", "Required for the net-lender method.");
            Amount(v, r.Pool, $"{at}.pool", baseCurrency);
            v.Require(r.PerLoanShare is >= 0m and <= 1m, $"{at}.perLoanShare", "Required for the net-lender method: the part paid per loan, from 0 to 1.");
            v.Require(r.RatePerLoan is null, $"{at}.ratePerLoan", "Only the per-loan method has a rate per loan.");
        }
        else
        {
            if (r.RatePerLoan is null) v.Add($"{at}.ratePerLoan", "Required for the per-loan method.");
            Amount(v, r.RatePerLoan, $"{at}.ratePerLoan", baseCurrency);
            v.Require(r.Pool is null && r.PerLoanShare is null, $"{at}.pool", "Only the net-lender method has a pool and a per-loan share.");
        }
    }

    private static void Amount(Validation v, Money? amount, string field, string baseCurrency)
    {
        if (amount is not { } m) return;
        if (m.Currency != baseCurrency) v.Add($"{field}.currency", $"Must be the consortium's base currency {baseCurrency}.");
        else if (m.IsNegative) v.Add($"{field}.amount", "Cannot be negative.");
    }
}
