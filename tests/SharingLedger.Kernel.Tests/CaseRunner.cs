using System.Text.Json;
using SharingLedger.Kernel.Clearing;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Proration;
using SharingLedger.Kernel.Reimbursement;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests;

/// <summary>
/// Runs one shared case against the engine and returns what it computed, keyed like the case's
/// "expected" object, and the amount everything must add up to (null where it must add up to zero).
/// </summary>
internal static class CaseRunner
{
    public static (Dictionary<string, M> Actual, M? MustAddUpTo) Run(JsonElement c) => c.GetProperty("kind").GetString() switch
    {
        "apportion" => Apportion(c),
        "prorate" => Prorate(c),
        "reimburse" => Reimburse(c),
        "clearing" => Clear(c),
        var kind => throw new NotSupportedException($"Unknown case kind '{kind}'."),
    };

    private static (Dictionary<string, M>, M?) Apportion(JsonElement c)
    {
        var currency = CaseReader.Currency(c);
        var total = CaseReader.Money(c, "total");
        var members = c.GetProperty("members").EnumerateArray().Select(CaseReader.Member).ToList();
        var caps = c.TryGetProperty("caps", out var capsJson) ? CaseReader.MoneyMap(capsJson, currency) : null;
        var floors = c.TryGetProperty("floors", out var floorsJson) ? CaseReader.MoneyMap(floorsJson, currency) : null;
        PhaseIn? phaseIn = c.TryGetProperty("phaseIn", out var p)
            ? new PhaseIn(p.GetProperty("years").GetInt32(), p.GetProperty("year").GetInt32(), CaseReader.DecimalMap(p.GetProperty("previousPercent")))
            : null;

        var result = Apportioner.Apportion(total, CaseReader.Rule(c.GetProperty("rule")), members, new ShareModifiers(caps, floors, phaseIn));
        var actual = result.Shares.ToDictionary(s => s.MemberId, s => s.Amount, StringComparer.Ordinal);
        if (result.Shortfall is { } shortfall) actual["_shortfall"] = shortfall;
        return (actual, total);
    }

    private static (Dictionary<string, M>, M?) Prorate(JsonElement c)
    {
        var total = CaseReader.Money(c, "total");
        var members = c.GetProperty("members").EnumerateArray()
            .Select(m => new ProratedMember(CaseReader.Member(m), CaseReader.OptionalDate(m, "from"), CaseReader.OptionalDate(m, "to")))
            .ToList();
        var result = Prorator.Prorate(total, CaseReader.Date(c.GetProperty("termStart")), CaseReader.Date(c.GetProperty("termEnd")),
            CaseReader.Rule(c.GetProperty("rule")), members);
        var actual = result.Shares.ToDictionary(s => s.MemberId, s => s.Amount, StringComparer.Ordinal);
        if (!result.Uncovered.IsZero) actual["_uncovered"] = result.Uncovered;
        return (actual, total);
    }

    private static (Dictionary<string, M>, M?) Reimburse(JsonElement c)
    {
        var pool = CaseReader.Money(c, "pool");
        var members = c.GetProperty("members").EnumerateObject()
            .Select(m => new LendingCounts(m.Name, m.Value.GetProperty("loans").GetInt64(), m.Value.GetProperty("borrows").GetInt64()))
            .ToList();
        var result = NetLenderReimbursement.Compute(pool, CaseReader.Dec(c.GetProperty("perLoanShare")), members);
        var actual = result.Shares.ToDictionary(s => s.MemberId, s => s.Amount, StringComparer.Ordinal);
        if (!result.Unspent.IsZero) actual["_unspent"] = result.Unspent;
        return (actual, pool);
    }

    private static (Dictionary<string, M>, M?) Clear(JsonElement c)
    {
        var currency = CaseReader.Currency(c);
        var members = c.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToList();
        var groups = c.TryGetProperty("reciprocalGroups", out var g)
            ? g.EnumerateArray().Select(group => (IReadOnlyList<string>)group.EnumerateArray().Select(m => m.GetString()!).ToList()).ToList()
            : null;
        var charges = c.GetProperty("transactions").EnumerateArray().Select(t => new IllCharge(
            t.GetProperty("borrower").GetString()!,
            t.GetProperty("lender").GetString()!,
            M.Parse(t.GetProperty("charge").GetString()!, currency),
            t.TryGetProperty("maxCost", out var max) ? M.Parse(max.GetString()!, currency) : null,
            t.TryGetProperty("accepted", out var accepted) && accepted.GetBoolean())).ToList();
        var result = MonthlyClearing.Clear(members, charges, new ClearingTerms(CaseReader.Money(c, "transactionFee"), groups));
        var actual = result.Positions.ToDictionary(p => p.MemberId, p => p.Net, StringComparer.Ordinal);
        actual["_fund"] = result.Fund;
        return (actual, null);
    }
}
