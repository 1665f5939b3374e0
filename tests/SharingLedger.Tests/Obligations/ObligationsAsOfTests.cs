using System.Text.Json;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Obligations;

/// <summary>
/// A member's obligations as of a business date: facts dated after it are left out and running figures stop there.
/// A borrows one normal loan from C, shipped 2026-10-05 (15.00 + the 0.26 transaction fee); October is settled.
/// </summary>
public class ObligationsAsOfTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Obligations_as_of_a_date_leave_out_what_is_dated_after_it()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "C");
        await s.Shipped("A", "C", "2026-10-05");
        await Api.Ok(s.Settle("2026-10"), 201);
        var a = s.Members["A"];

        var end = await Obligations(s.ConsortiumId, a, "asOf=2026-10-31");
        Assert.Equal("15.26", Amount(Item(end, "clearing")!.Value)); // the month is dated its last day
        Assert.Equal(1, Item(end, "lending")!.Value.GetProperty("lending").GetProperty("borrowed").GetInt64());
        Assert.Equal("2026-10-31", end.GetProperty("asOf").GetString());
        Assert.Equal(2026, end.GetProperty("fiscalYear").GetInt32()); // the year of asOf

        var mid = await Obligations(s.ConsortiumId, a, "asOf=2026-10-15");
        Assert.Null(Item(mid, "clearing"));
        Assert.Equal(1, Item(mid, "lending")!.Value.GetProperty("lending").GetProperty("borrowed").GetInt64());

        var before = await Obligations(s.ConsortiumId, a, "asOf=2026-10-04");
        Assert.Null(Item(before, "clearing"));
        Assert.True(Item(before, "lending") is not { } l || l.GetProperty("lending").GetProperty("borrowed").GetInt64() == 0);
        Assert.Equal("0.00", before.GetProperty("total").GetProperty("amount").GetString());

        var url = $"/consortia/{s.ConsortiumId}/members/{a}/obligations";
        Assert.Equal(400, (await Api.Get($"{url}?asOf=15.10.2026")).Status);
        Assert.Equal(422, (await Api.Get($"{url}?asOf=2026-12-01")).Status);               // after today (2026-11-27)
        Assert.Equal(422, (await Api.Get($"{url}?fiscalYear=2025&asOf=2026-10-15")).Status); // not in that year
    }

    private async Task<JsonElement> Obligations(Guid c, Guid m, string query) =>
        await Api.Ok(Api.Get($"/consortia/{c}/members/{m}/obligations?{query}"));

    private static JsonElement? Item(JsonElement o, string kind) =>
        o.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == kind).Select(i => (JsonElement?)i).SingleOrDefault();

    private static string Amount(JsonElement item) => item.GetProperty("amount").GetProperty("amount").GetString()!;
}
