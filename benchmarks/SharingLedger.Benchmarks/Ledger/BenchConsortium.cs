using SharingLedger.Infrastructure.Marten;
using Marten;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Membership;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// A large consortium set up through the service's own HTTP API: members of mixed kinds, an agreement (version 1 from
/// 2025-01-01) with the test suite's lending fee schedule and reciprocal groups of five among the first 200 members, and
/// the 2025 dues. Codes are LIB00000.. so the member order is fixed.
/// </summary>
public sealed record BenchConsortium(Guid Id, IReadOnlyList<Member> Members, Agreement Agreement)
{
    public const int Year = 2025;

    public static async Task<BenchConsortium> CreateAsync(BenchLedger ledger, int memberCount)
    {
        var id = (await ledger.PostAsync("/consortia", new
        {
            name = $"Benchmark consortium of {memberCount} members", region = "Benchmark", organisationModel = "parallel",
            governanceModel = "council", baseCurrency = "USD", fiscalYearStartMonth = 1, timeZone = "Asia/Shanghai",
        })).GetProperty("id").GetGuid();

        string[] kinds = ["academic", "academic", "academic", "academic", "academic", "public", "public", "public", "school", "special"];
        var ids = new Guid[memberCount];
        await Parallel.ForAsync(0, memberCount, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            ids[i] = (await ledger.PostAsync($"/consortia/{id}/members", new
            {
                code = $"LIB{i:D5}", name = $"Library {i}", kind = kinds[i % kinds.Length], fte = 200 + i * 7 % 40_000, population = 10_000 + i * 13,
                materialsBudget = new { amount = $"{100_000 + i * 997 % 2_000_000}.00", currency = "USD" }, effectiveFrom = $"{Year}-01-01",
            })).GetProperty("id").GetGuid();
        });

        var groups = Enumerable.Range(0, Math.Min(200, memberCount) / 5).Select(g => ids.Skip(g * 5).Take(5).ToArray()).ToArray();
        object Usd(string amount) => new { amount, currency = "USD" };
        await ledger.PostAsync($"/consortia/{id}/agreement/versions", new
        {
            version = 1, effectiveFrom = $"{Year}-01-01", signatories = ids,
            dues = new { annualAmount = Usd("2400000.00"), rule = new { method = "equal" } },
            lending = new
            {
                prices = new object[]
                {
                    new { serviceLevel = "normal", perLoan = Usd("15.00"), perPage = Usd("0.20") },
                    new { serviceLevel = "rush", perLoan = Usd("20.00"), perPage = Usd("0.40") },
                    new { serviceLevel = "express", perLoan = Usd("25.00"), perPage = Usd("0.60") },
                },
                freePagesPerCopy = 10, reciprocalGroups = groups, transactionFee = Usd("0.26"),
                lostItems = new { noticeDays = 30, billingDays = 60 },
                // A year's net-lender reimbursement (timed by --clearing): half the pool by loans supplied, half by net lending.
                reimbursement = new { method = "netLender", pool = Usd("500000.00"), perLoanShare = 0.5m },
            },
        });
        await ledger.PostAsync($"/consortia/{id}/dues", new { fiscalYear = Year });

        await using var session = ledger.Store.QueryFor(id);
        var members = (await session.Query<Member>().Where(m => m.ConsortiumId == id).ToListAsync()).OrderBy(m => m.Code, StringComparer.Ordinal).ToList();
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(id))
            ?? throw new InvalidOperationException("The agreement was not stored.");
        return new BenchConsortium(id, members, agreement);
    }
}
