using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// The statement, the council's balances and the ledger of postings as XLSX, read back with the Open XML SDK and checked
/// cell by cell against the JSON of the same view. Scenario (USD): A, B, C; dues 2026 of 900.00 split equally (300.00 each,
/// dated 2026-01-01); A pays 120.50 on 2026-11-27. So 6 postings: three dues debits and the fund's credit, then the bank's
/// debit and A's credit on its dues item.
/// </summary>
public class XlsxExportTests(LedgerHost host) : LedgerTest(host)
{
    private sealed record Books(Guid ConsortiumId, Dictionary<string, Guid> Members);

    private async Task<Books> RecordDuesAndAPayment(string currency = "USD", string dues = "900.00", string payment = "120.50")
    {
        var c = await Api.EstablishConsortium(currency: currency);
        var ids = new Dictionary<string, Guid>();
        foreach (var code in new[] { "A", "B", "C" }) ids[code] = await Api.AdmitMember(c, code, currency: currency, budget: currency == "JPY" ? "100000" : "100000.00");
        await Api.Ok(Api.AdoptAgreement(c, ids.Values, new { method = "equal" }, dues, currency), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/members/{ids["A"]}/account/payments", new
        {
            amount = new { amount = payment, currency }, bankReference = "BANK-X", receivedOn = "2026-11-27",
        }), 201);
        return new Books(c, ids);
    }

    private static string Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;

    [Fact]
    public async Task The_statement_workbook_holds_the_statement_lines_as_dates_and_exact_amounts()
    {
        var b = await RecordDuesAndAPayment();
        var url = $"/consortia/{b.ConsortiumId}/members/{b.Members["A"]}/statement";

        var json = await Api.Ok(Api.Get(url));
        var book = await Workbook.Get(Host.Host, url + ".xlsx");

        Assert.Equal("Statement", book.SheetName);
        Assert.Equal(["date", "recorded_at", "account", "memo", "event_type", "agreement_version", "debit", "credit", "balance", "currency", "posting_id", "item_id", "fact_date", "period", "adjusts_period"],
            book.Header);
        var lines = json.GetProperty("lines").EnumerateArray().ToList();
        var rows = book.Body.ToList();
        Assert.Equal(2, lines.Count); // the dues debit and the payment's credit
        Assert.Equal(lines.Count, rows.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(lines[i].GetProperty("date").GetString(), Workbook.DateOf(book.Cell(rows[i], "date")));
            foreach (var column in new[] { "debit", "credit", "balance" })
                Workbook.AssertAmount(Amount(lines[i], column), book.Cell(rows[i], column), 2);
            Assert.Equal(lines[i].GetProperty("postingId").GetString(), book.Cell(rows[i], "posting_id").Text);
            Assert.Equal("USD", book.Cell(rows[i], "currency").Text);
            Assert.Equal(lines[i].GetProperty("factDate").GetString(), Workbook.DateOf(book.Cell(rows[i], "fact_date")));
            Assert.Equal(lines[i].GetProperty("period").GetString(), book.Cell(rows[i], "period").Text);
        }
        // 300.00 assessed less 120.50 paid.
        Workbook.AssertAmount("179.50", book.Cell(rows[^1], "balance"), 2);
    }

    [Fact]
    public async Task The_balances_workbook_matches_the_council_view()
    {
        var b = await RecordDuesAndAPayment();
        var url = $"/consortia/{b.ConsortiumId}/balances";

        var json = await Api.Ok(Api.Get(url + "?asOf=2026-11-27"));
        var book = await Workbook.Get(Host.Host, url + ".xlsx?asOf=2026-11-27");

        Assert.Equal(["member_id", "member_code", "assessed", "paid", "credits", "in_kind", "payable", "outstanding",
            "days_0_30", "days_31_60", "days_61_90", "days_over_90", "currency"], book.Header);
        var members = json.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(3, members.Count);
        Assert.Equal(members.Select(m => m.GetProperty("memberCode").GetString()), book.Body.Select(r => book.Cell(r, "member_code").Text));
        foreach (var (m, row) in members.Zip(book.Body))
        {
            Assert.Equal(m.GetProperty("memberId").GetString(), book.Cell(row, "member_id").Text);
            foreach (var (property, column) in new[] { ("assessed", "assessed"), ("paid", "paid"), ("credits", "credits"), ("inKind", "in_kind"), ("payable", "payable"), ("outstanding", "outstanding") })
                Workbook.AssertAmount(Amount(m, property), book.Cell(row, column), 2);
            var ageing = m.GetProperty("ageing");
            foreach (var (property, column) in new[] { ("days0To30", "days_0_30"), ("days31To60", "days_31_60"), ("days61To90", "days_61_90"), ("over90", "days_over_90") })
                Workbook.AssertAmount(Amount(ageing, property), book.Cell(row, column), 2);
        }
        // A: 300.00 − 120.50 outstanding, over 90 days old (dues dated 2026-01-01).
        Workbook.AssertAmount("179.50", book.Cell(book.Body.First(), "days_over_90"), 2);
    }

    [Fact]
    public async Task The_ledger_of_postings_is_paged_in_json_and_whole_in_csv_and_xlsx()
    {
        var b = await RecordDuesAndAPayment();
        var url = $"/consortia/{b.ConsortiumId}/postings";

        var page = await Host.Host.Scenario(s => s.Get.Url(url + "?limit=4&offset=0"));
        var all = await Api.Ok(Api.Get(url));
        var book = await Workbook.Get(Host.Host, url + ".xlsx");
        var csv = await (await Host.Host.Scenario(s => s.Get.Url(url + ".csv"))).ReadAsTextAsync();

        Assert.Equal("6", page.Context.Response.Headers["X-Total-Count"].ToString());
        Assert.Equal(4, (await page.ReadAsJsonAsync<JsonElement>()).GetArrayLength());
        var lines = all.EnumerateArray().ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal(6, book.Body.Count());
        Assert.True(book.HeaderFrozen);
        Assert.True(book.HeaderBold);
        Assert.Empty(book.Errors); // a valid package, written a row at a time
        Assert.Equal(7, csv.Trim().Split('\n').Length);
        Assert.StartsWith("date,recorded_at,account,member_id,member_code,party,debit,credit,currency,", csv);
        foreach (var (line, row) in lines.Zip(book.Body))
        {
            Assert.Equal(line.GetProperty("postingId").GetString(), book.Cell(row, "posting_id").Text);
            Assert.Equal(line.GetProperty("account").GetString(), book.Cell(row, "account").Text);
            Assert.Equal(line.GetProperty("date").GetString(), Workbook.DateOf(book.Cell(row, "date")));
            Workbook.AssertAmount(Amount(line, "debit"), book.Cell(row, "debit"), 2);
            Workbook.AssertAmount(Amount(line, "credit"), book.Cell(row, "credit"), 2);
        }
        // Debits equal credits over the whole ledger: 3 × 300.00 + 120.50 each way.
        Assert.Equal(1020.50m, book.Body.Sum(r => book.Cell(r, "debit").Number!.Value));
        Assert.Equal(1020.50m, book.Body.Sum(r => book.Cell(r, "credit").Number!.Value));

        var aReceivable = await Api.Ok(Api.Get($"{url}?account=member-receivable&memberId={b.Members["A"]}"));
        Assert.Equal([("300.00", "0.00"), ("0.00", "120.50")], aReceivable.EnumerateArray().Select(l => (Amount(l, "debit"), Amount(l, "credit"))));
        Assert.All(aReceivable.EnumerateArray(), l => Assert.Equal("A", l.GetProperty("memberCode").GetString()));

        var november = await Api.Ok(Api.Get($"{url}?from=2026-11-01&to=2026-11-30"));
        Assert.Equal(["bank", "member-receivable"], november.EnumerateArray().Select(l => l.GetProperty("account").GetString()).Order());
        var bankOnly = await Workbook.Get(Host.Host, $"{url}.xlsx?account=bank");
        Workbook.AssertAmount("120.50", bankOnly.Cell(bankOnly.Body.Single(), "debit"), 2);
        await LedgerChecks.AssertBalanced(Host, b.ConsortiumId);
    }

    [Fact]
    public async Task The_ledger_of_postings_refuses_bad_filters()
    {
        var b = await RecordDuesAndAPayment();
        var url = $"/consortia/{b.ConsortiumId}/postings";

        var (unknownAccount, body) = await Api.Get($"{url}?account=petty-cash");
        Assert.Equal(422, unknownAccount);
        Assert.True(body.GetProperty("errors").TryGetProperty("account", out _));
        var (backwards, period) = await Api.Get($"{url}?from=2026-12-01&to=2026-11-01");
        Assert.Equal(422, backwards);
        Assert.True(period.GetProperty("errors").TryGetProperty("to", out _));
        Assert.Equal(400, (await Api.Get($"{url}?from=last-week")).Status);
        Assert.Equal(404, (await Api.Get($"{url}?memberId={Guid.NewGuid()}")).Status);
        Assert.Equal(404, (await Api.Get($"/consortia/{Guid.NewGuid()}/postings.xlsx")).Status);
    }

    [Fact]
    public async Task Amounts_in_a_currency_without_minor_units_are_whole_numbers()
    {
        // 1000 JPY equally among three: 334, 333, 333 (one largest-remainder yen); A pays 300.
        var b = await RecordDuesAndAPayment("JPY", "1000", "300");

        var json = await Api.Ok(Api.Get($"/consortia/{b.ConsortiumId}/balances"));
        var book = await Workbook.Get(Host.Host, $"/consortia/{b.ConsortiumId}/balances.xlsx");

        foreach (var (m, row) in json.GetProperty("members").EnumerateArray().Zip(book.Body))
            Workbook.AssertAmount(Amount(m, "assessed"), book.Cell(row, "assessed"), 0);
        Assert.Equal(1000m, book.Body.Sum(r => book.Cell(r, "assessed").Number!.Value));
        Assert.Equal(700m, book.Body.Sum(r => book.Cell(r, "outstanding").Number!.Value));
        Assert.All(book.Body, r => Assert.Equal("JPY", book.Cell(r, "currency").Text));
    }
}
