using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// The council's balances rolled up by hub. Scenario (USD, multi-level): hubs H1 (with M1, M2) and H2 (with M3), and D, a
/// member with no hub. Dues 2026 of 1200.00 split equally among the six: 200.00 each. M1 pays 50.00 and H2 pays 200.00.
/// So H1's group owes 3 × 200.00 − 50.00 = 550.00, H2's 2 × 200.00 − 200.00 = 200.00, D 200.00, and the consortium 950.00.
/// </summary>
public class HubRollUpTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<(Guid Consortium, Dictionary<string, Guid> Ids)> Hubs()
    {
        var c = await Api.EstablishConsortium(organisation: "multiLevel");
        var ids = new Dictionary<string, Guid>();
        ids["H1"] = await Api.AdmitMember(c, "H1");
        ids["H2"] = await Api.AdmitMember(c, "H2");
        ids["M1"] = await Api.AdmitMember(c, "M1", hubId: ids["H1"]);
        ids["M2"] = await Api.AdmitMember(c, "M2", hubId: ids["H1"]);
        ids["M3"] = await Api.AdmitMember(c, "M3", hubId: ids["H2"]);
        ids["D"] = await Api.AdmitMember(c, "D");
        await Api.Ok(Api.AdoptAgreement(c, ids.Values, new { method = "equal" }, "1200.00"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        await Pay(c, ids["M1"], "50.00");
        await Pay(c, ids["H2"], "200.00");
        return (c, ids);
    }

    private Task<JsonElement> Pay(Guid c, Guid member, string amount) =>
        Api.Ok(Api.Post($"/consortia/{c}/members/{member}/account/payments", new
        {
            amount = new { amount, currency = "USD" }, bankReference = "PAY-" + amount, receivedOn = "2026-11-27",
        }), 201);

    private static string Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;

    [Fact]
    public async Task Members_roll_up_under_their_hub_with_each_hubs_totals_and_the_consortium_total()
    {
        var (c, _) = await Hubs();

        var balances = await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-11-27"));

        var rollUp = balances.GetProperty("rollUp");
        var hubs = rollUp.GetProperty("hubs").EnumerateArray().ToList();
        Assert.Equal(["H1", "H2", null], hubs.Select(h => h.GetProperty("hubCode").GetString()));
        Assert.Equal(["H1", "M1", "M2"], hubs[0].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()));
        Assert.Equal(["H2", "M3"], hubs[1].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()));
        Assert.Equal(["D"], hubs[2].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()));
        Assert.Equal(("600.00", "50.00", "550.00"), (Amount(hubs[0].GetProperty("totals"), "assessed"), Amount(hubs[0].GetProperty("totals"), "paid"),
            Amount(hubs[0].GetProperty("totals"), "outstanding")));
        Assert.Equal(("400.00", "200.00", "200.00"), (Amount(hubs[1].GetProperty("totals"), "assessed"), Amount(hubs[1].GetProperty("totals"), "paid"),
            Amount(hubs[1].GetProperty("totals"), "outstanding")));
        Assert.Equal("200.00", Amount(hubs[2].GetProperty("totals"), "outstanding"));
        var total = rollUp.GetProperty("consortium");
        Assert.Equal(("1200.00", "250.00", "950.00"), (Amount(total, "assessed"), Amount(total, "paid"), Amount(total, "outstanding")));
        Assert.Equal(Amount(balances, "totalOutstanding"), Amount(total, "outstanding"));
        // The dues are dated 2026-01-01, over 90 days before the asOf date.
        Assert.Equal("550.00", Amount(hubs[0].GetProperty("totals").GetProperty("ageing"), "over90"));

        await LedgerChecks.AssertBalanced(Host, c);
    }

    [Fact]
    public async Task The_csv_and_xlsx_list_each_hubs_members_then_its_total_then_the_consortium_total()
    {
        var (c, ids) = await Hubs();

        var csv = (await (await Host.Host.Scenario(s => s.Get.Url($"/consortia/{c}/balances.csv?asOf=2026-11-27"))).ReadAsTextAsync()).Trim().Split('\n');
        var book = await Workbook.Get(Host.Host, $"/consortia/{c}/balances.xlsx?asOf=2026-11-27");

        Assert.StartsWith("row,hub_code,member_id,member_code,assessed,paid,credits,in_kind,payable,outstanding,", csv[0]);
        Assert.Equal(["member,H1,H1", "member,H1,M1", "member,H1,M2", "hub-total,H1,", "member,H2,H2", "member,H2,M3", "hub-total,H2,", "member,,D", "hub-total,,", "total,,"],
            csv.Skip(1).Select(l => l.Split(',')).Select(f => string.Join(',', f[0], f[1], f[3])));
        Assert.Equal($"hub-total,H1,{ids["H1"]:D},,600.00,50.00,0.00,0.00,0.00,550.00,0.00,0.00,0.00,550.00,USD", csv[4]);
        Assert.Equal("total,,,,1200.00,250.00,0.00,0.00,0.00,950.00,0.00,0.00,0.00,950.00,USD", csv[^1]);

        Assert.Equal(csv[0].Split(','), book.Header);
        var rows = book.Body.ToList();
        Assert.Equal(csv.Length - 1, rows.Count);
        Assert.Equal(["member", "member", "member", "hub-total", "member", "member", "hub-total", "member", "hub-total", "total"],
            rows.Select(r => book.Cell(r, "row").Text));
        Workbook.AssertAmount("200.00", book.Cell(rows[6], "outstanding"), 2);
        Workbook.AssertAmount("950.00", book.Cell(rows[^1], "outstanding"), 2);
    }

    [Fact]
    public async Task A_member_follows_its_hub_as_of_the_date_asked_and_flat_consortia_have_no_roll_up()
    {
        var (c, ids) = await Hubs();
        // From 2026-12-01 M2 moves to H2.
        await Api.Ok(Api.Post($"/consortia/{c}/members/{ids["M2"]}/details", new { effectiveFrom = "2026-12-01", hubId = ids["H2"] }));

        var now = await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-11-27"));
        var december = await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-12-01"));

        string[] Codes(JsonElement view, int hub) => view.GetProperty("rollUp").GetProperty("hubs")[hub].GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("memberCode").GetString()!).ToArray();
        Assert.Equal(["H1", "M1", "M2"], Codes(now, 0));
        Assert.Equal(["H1", "M1"], Codes(december, 0));
        Assert.Equal(["H2", "M2", "M3"], Codes(december, 1));
        Assert.Equal("400.00", Amount(december.GetProperty("rollUp").GetProperty("hubs")[1].GetProperty("totals"), "outstanding")); // 600 − 200

        var flat = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(flat, "A");
        await Api.Ok(Api.AdoptAgreement(flat, [a], new { method = "equal" }, "100.00"), 201);
        await Api.Ok(Api.AssessDues(flat, 2026), 201);
        var flatView = await Api.Ok(Api.Get($"/consortia/{flat}/balances"));
        Assert.Equal(JsonValueKind.Null, flatView.GetProperty("rollUp").ValueKind);
        var flatCsv = await (await Host.Host.Scenario(s => s.Get.Url($"/consortia/{flat}/balances.csv"))).ReadAsTextAsync();
        Assert.StartsWith("member_id,member_code,assessed,", flatCsv);
        Assert.Equal(2, flatCsv.Trim().Split('\n').Length);
    }
}
